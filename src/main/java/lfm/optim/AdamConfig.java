package lfm.optim;

/**
 * Adam settings (PyTorch defaults: β = (0.9, 0.999), ε = 1e-8, no weight decay). With
 * {@code decoupled} set it is AdamW (Loshchilov and Hutter), otherwise the decay is added to the
 * gradient as in torch.optim.Adam.
 */
public record AdamConfig(float beta1, float beta2, float epsilon, float weightDecay, boolean decoupled) {

    public AdamConfig {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must lie in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0) || weightDecay < 0) {
            throw new IllegalArgumentException("Adam needs ε > 0 and weight decay ≥ 0");
        }
    }

    public static AdamConfig adam() {
        return new AdamConfig(0.9f, 0.999f, 1e-8f, 0f, false);
    }

    /** AdamW with PyTorch's default decay of 0.01. */
    public static AdamConfig adamW(float weightDecay) {
        return new AdamConfig(0.9f, 0.999f, 1e-8f, weightDecay, true);
    }
}
