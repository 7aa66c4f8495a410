package lfm.nn;

import java.util.List;

/** Anything with trainable parameters. */
public interface Module {

    /** Every parameter, in a fixed order (the order of checkpoints and optimiser state). */
    List<Parameter> parameters();

    default void zeroGrad() {
        for (Parameter parameter : parameters()) {
            parameter.zeroGrad();
        }
    }

    /** Number of trainable scalars. */
    default long parameterCount() {
        long count = 0;
        for (Parameter parameter : parameters()) {
            count += parameter.value().size();
        }
        return count;
    }

    /** Copies every parameter value from a module of the same architecture (warm start). */
    default void copyFrom(Module source) {
        List<Parameter> mine = parameters();
        List<Parameter> theirs = source.parameters();
        if (mine.size() != theirs.size()) {
            throw new IllegalArgumentException(
                    "cannot copy weights: " + theirs.size() + " parameters into " + mine.size());
        }
        for (int i = 0; i < mine.size(); i++) {
            Parameter to = mine.get(i);
            Parameter from = theirs.get(i);
            if (!to.value().shape().equals(from.value().shape())) {
                throw new IllegalArgumentException(
                        "cannot copy " + from.name() + " " + from.value().shape() + " into " + to.name() + " "
                                + to.value().shape());
            }
            to.backend().copy(from.value(), to.value());
        }
    }
}
