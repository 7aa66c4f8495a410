package lfm.backend.cpu;

import lfm.backend.AdamStep;
import lfm.backend.Backend;
import lfm.backend.Checks;
import lfm.tensor.Tensor;

/**
 * The optimiser steps of the CPU backend: Adam/AdamW ({@link AdamKernel}), clipping by global norm
 * and the exponential moving average's lerp.
 */
final class OptimizerOps extends CpuOperands {
    private final AdamKernel adam;
    private final ElementwiseKernels elementwise;

    OptimizerOps(Backend backend, AdamKernel adam, ElementwiseKernels elementwise) {
        super(backend);
        this.adam = adam;
        this.elementwise = elementwise;
    }

    public void adamUpdate(Tensor parameter, Tensor gradient, Tensor firstMoment, Tensor secondMoment, AdamStep step) {
        Checks.sameSize("adamUpdate", parameter, gradient);
        Checks.sameSize("adamUpdate", parameter, firstMoment);
        Checks.sameSize("adamUpdate", parameter, secondMoment);
        adam.update(data(parameter), data(gradient), data(firstMoment), data(secondMoment), parameter.size(), step);
    }

    public void clipByGlobalNorm(Tensor gradient, Tensor sumSquares, float maxNorm) {
        Checks.scalar("clipByGlobalNorm", sumSquares);
        double factor = Math.min(1, maxNorm / (Math.sqrt(scalarValue(sumSquares)) + 1e-6));
        if (factor < 1) {
            elementwise.scale(data(gradient), (float) factor, data(gradient), gradient.size());
        }
    }

    public void lerp(Tensor target, Tensor source, float weight) {
        Checks.sameSize("lerp", target, source);
        elementwise.lerp(data(target), data(source), weight, target.size());
    }
}
