package lfm.optim;

import java.util.List;
import lfm.backend.Backend;
import lfm.nn.Parameter;
import lfm.tensor.Tensor;

/**
 * Clipping by the global gradient norm, as torch.nn.utils.clip_grad_norm_: every gradient is scaled by
 * min(1, maxNorm / (‖g‖ + 1e-6)), ‖g‖ the norm over all parameters together. The squared norm is
 * reduced on the backend into a (1, 1) tensor and used there, so no value goes to the host.
 */
public final class GradientClipping {
    private GradientClipping() {}

    /**
     * Clips in place and returns the (1, 1) tensor holding ‖g‖² before clipping.
     *
     * @param normSquared a (1, 1) scratch tensor of the parameters' backend
     */
    public static Tensor clip(List<Parameter> parameters, float maxNorm, Tensor normSquared) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max gradient norm must be > 0, got " + maxNorm);
        }
        normSquared(parameters, normSquared);
        Backend backend = normSquared.backend();
        for (Parameter parameter : parameters) {
            backend.clipByGlobalNorm(parameter.grad(), normSquared, maxNorm);
        }
        return normSquared;
    }

    /** ‖g‖² = Σ over every parameter's gradient of its squared entries, into the (1, 1) tensor, on the backend. */
    public static Tensor normSquared(List<Parameter> parameters, Tensor normSquared) {
        Backend backend = normSquared.backend();
        backend.fill(normSquared, 0f);
        for (Parameter parameter : parameters) {
            backend.sumOfSquares(parameter.grad(), normSquared, true);
        }
        return normSquared;
    }
}
