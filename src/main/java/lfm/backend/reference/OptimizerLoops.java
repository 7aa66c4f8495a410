package lfm.backend.reference;

import static lfm.backend.reference.Elements.get;
import static lfm.backend.reference.Elements.set;

import lfm.backend.AdamStep;
import lfm.backend.Checks;
import lfm.tensor.Tensor;

/**
 * The reference backend's optimiser steps: Adam/AdamW, clipping by global norm and the exponential
 * moving average's lerp, one element at a time in double.
 */
final class OptimizerLoops {
    private OptimizerLoops() {}

    static void adamUpdate(Tensor parameter, Tensor gradient, Tensor firstMoment, Tensor secondMoment, AdamStep step) {
        Checks.sameSize("adamUpdate", parameter, gradient);
        Checks.sameSize("adamUpdate", parameter, firstMoment);
        Checks.sameSize("adamUpdate", parameter, secondMoment);
        double stepSize = step.learningRate() / step.biasCorrection1();
        double rootCorrection2 = Math.sqrt(step.biasCorrection2());
        for (long i = 0; i < parameter.size(); i++) {
            double p = get(parameter, i);
            double g = get(gradient, i);
            if (step.decoupledWeightDecay()) {
                p *= 1 - (double) step.learningRate() * step.weightDecay();
            } else {
                g += step.weightDecay() * p;
            }
            double m = step.beta1() * get(firstMoment, i) + (1 - (double) step.beta1()) * g;
            double v = step.beta2() * get(secondMoment, i) + (1 - (double) step.beta2()) * g * g;
            set(firstMoment, i, m);
            set(secondMoment, i, v);
            set(parameter, i, p - stepSize * m / (Math.sqrt(v) / rootCorrection2 + step.epsilon()));
        }
    }

    static void clipByGlobalNorm(Tensor gradient, Tensor sumSquares, float maxNorm) {
        double factor = Math.min(1, maxNorm / (Math.sqrt(get(sumSquares, 0)) + 1e-6));
        for (long i = 0; i < gradient.size(); i++) {
            set(gradient, i, factor * get(gradient, i));
        }
    }

    static void lerp(Tensor target, Tensor source, float weight) {
        Checks.sameSize("lerp", target, source);
        for (long i = 0; i < target.size(); i++) {
            double old = get(target, i);
            set(target, i, old + weight * (get(source, i) - old));
        }
    }
}
