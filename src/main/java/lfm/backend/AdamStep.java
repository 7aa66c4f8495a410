package lfm.backend;

/**
 * Hyper-parameters of one Adam/AdamW update, as PyTorch computes it (step counts from 1):
 * <pre>
 *   Adam  (coupled decay):  g ← g + λ·p
 *   AdamW (decoupled):      p ← p·(1 − lr·λ)
 *   m ← β₁ m + (1 − β₁) g          v ← β₂ v + (1 − β₂) g²
 *   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 */
public record AdamStep(
        float learningRate,
        float beta1,
        float beta2,
        float epsilon,
        float weightDecay,
        boolean decoupledWeightDecay,
        long step) {

    public AdamStep {
        if (step < 1) {
            throw new IllegalArgumentException("Adam step counts from 1, got " + step);
        }
    }

    /** 1 − β₁ᵗ */
    public double biasCorrection1() {
        return 1 - Math.pow(beta1, (double) step);
    }

    /** 1 − β₂ᵗ */
    public double biasCorrection2() {
        return 1 - Math.pow(beta2, (double) step);
    }
}
