package lfm.train;

import java.util.List;
import java.util.Locale;
import lfm.nn.Parameter;
import lfm.tensor.Tensor;

/**
 * The guard that keeps garbage out of a run folder: before a checkpoint or a block file is written the
 * weights (and the optimiser moments, which feed every later step) must be finite, and after a push
 * the pool must be. A failure stops training with one line naming the block, the step and what was not
 * finite, before anything is written, so the last checkpoint stays the last good one.
 */
final class FiniteCheck {
    private FiniteCheck() {}

    /** Thrown when a value about to be saved is NaN or infinite. */
    static final class NonFiniteException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NonFiniteException(String message) {
            super(message);
        }
    }

    /**
     * Requires every value of {@code tensors} (named by {@code names}) to be finite.
     *
     * @param where  "block 2, step 1500" (the message starts with it)
     * @param what   "the weights", "the Adam moments", ...
     * @param advice what to do, e.g. "resume with a lower --lr"
     */
    static void require(List<Tensor> tensors, List<String> names, String where, String what, String advice) {
        StringBuilder bad = new StringBuilder();
        for (int i = 0; i < tensors.size(); i++) {
            float[] values = tensors.get(i).toFloats();
            long nan = 0;
            long infinite = 0;
            for (float value : values) {
                if (Float.isNaN(value)) {
                    nan++;
                } else if (Float.isInfinite(value)) {
                    infinite++;
                }
            }
            if (nan + infinite > 0) {
                bad.append(bad.isEmpty() ? "" : ", ")
                        .append(String.format(
                                Locale.ROOT, "%s: %d NaN, %d ±∞ of %d", names.get(i), nan, infinite, values.length));
            }
        }
        if (!bad.isEmpty()) {
            throw new NonFiniteException(where + ": " + what + " are not finite (" + bad + "); " + advice);
        }
    }

    /** The parameters' values under their names. */
    static void weights(List<Parameter> parameters, String where, String advice) {
        require(
                parameters.stream().map(Parameter::value).toList(),
                parameters.stream().map(Parameter::name).toList(),
                where,
                "the weights",
                advice);
    }
}
