package lfm.backend.cuda;

import static lfm.backend.cuda.CudaRuntime.check;

import java.lang.foreign.MemorySegment;
import lfm.backend.AdamStep;
import lfm.backend.Checks;
import lfm.bindings.kernels.LfmKernels;
import lfm.tensor.Tensor;

/**
 * The optimiser steps of the CUDA backend: Adam/AdamW, clipping by global norm and the
 * exponential moving average's lerp, one kernel each.
 */
final class OptimizerOps extends CudaOperands {
    OptimizerOps(CudaBackend backend, MemorySegment stream, MemorySegment scratch) {
        super(backend, stream, scratch);
    }

    public void adamUpdate(Tensor parameter, Tensor gradient, Tensor firstMoment, Tensor secondMoment, AdamStep step) {
        Checks.sameSize("adamUpdate", parameter, gradient);
        Checks.sameSize("adamUpdate", parameter, firstMoment);
        Checks.sameSize("adamUpdate", parameter, secondMoment);
        double stepSize = step.learningRate() / step.biasCorrection1();
        double rootCorrection2 = Math.sqrt(step.biasCorrection2());
        check(
                "lfm_adam_update",
                LfmKernels.lfm_adam_update(
                        stream,
                        on(parameter),
                        on(gradient),
                        on(firstMoment),
                        on(secondMoment),
                        parameter.size(),
                        step.learningRate(),
                        step.beta1(),
                        step.beta2(),
                        step.epsilon(),
                        step.weightDecay(),
                        flag(step.decoupledWeightDecay()),
                        stepSize,
                        rootCorrection2));
    }

    public void clipByGlobalNorm(Tensor gradient, Tensor sumSquares, float maxNorm) {
        Checks.scalar("clipByGlobalNorm", sumSquares);
        check(
                "lfm_clip_by_global_norm",
                LfmKernels.lfm_clip_by_global_norm(stream, on(gradient), gradient.size(), on(sumSquares), maxNorm));
    }

    public void lerp(Tensor target, Tensor source, float weight) {
        Checks.sameSize("lerp", target, source);
        check("lfm_lerp", LfmKernels.lfm_lerp(stream, on(target), on(source), target.size(), weight));
    }
}
