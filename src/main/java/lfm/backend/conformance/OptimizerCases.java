package lfm.backend.conformance;

import static lfm.backend.conformance.ConformanceCases.SIZES;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.AdamStep;
import lfm.tensor.Tensor;

/**
 * The fused Adam update: plain Adam at its first step (bias corrections matter most), Adam with coupled
 * L2 decay late in training, and AdamW's decoupled decay; parameter and both moments compared.
 */
final class OptimizerCases {
    private OptimizerCases() {}

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        AdamStep[] steps = {
            new AdamStep(2e-4f, 0.9f, 0.999f, 1e-8f, 0f, false, 1),
            new AdamStep(1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, false, 1000),
            new AdamStep(5e-3f, 0.8f, 0.99f, 1e-6f, 0.05f, true, 7),
        };
        String[] names = {"adam step 1", "adam+L2 step 1000", "adamW step 7"};
        for (int s = 0; s < steps.length; s++) {
            AdamStep step = steps[s];
            for (int n : SIZES) {
                cases.add(ConformanceCases.of(
                        "adamUpdate " + names[s] + " " + n, "adamUpdate", new Tolerance(1e-7, 1e-5), w -> {
                            Tensor parameter = w.uniform(1, n);
                            Tensor gradient = w.uniform(1, n, -1e-2, 1e-2);
                            Tensor first = w.uniform(1, n, -1e-3, 1e-3);
                            Tensor second = w.uniform(1, n, 0, 1e-5);
                            w.backend().adamUpdate(parameter, gradient, first, second, step);
                            w.record("parameter", parameter);
                            w.record("firstMoment", first);
                            w.record("secondMoment", second);
                        }));
            }
        }
        return cases;
    }
}
