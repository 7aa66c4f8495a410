package lfm.nn;

import java.util.ArrayList;
import java.util.List;
import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * v(x, t) or v(x, t, c): an {@link Mlp} on [time input | x | condition columns], where the time input
 * is t itself or its sinusoidal embedding and the condition columns are c (or its encoding) and, with
 * a learned null condition, the null flag. x (N, D), t (N, 1), c (N, C) → v (N, D). Parameters are
 * named "net.*" like the authors' PyTorch model ({@code CNF.net}), then "condition_encoder.*" and
 * "null_condition" (1, C) where the field has them.
 */
public final class MlpField implements VelocityField {
    private final FieldConfig config;
    private final Mlp net;
    private final Linear encoder;
    private final Parameter nullCondition;

    public MlpField(FieldConfig config, TensorArena arena, RandomStream random) {
        this.config = config;
        this.net = new Mlp(
                "net",
                config.inputWidth(),
                config.width(),
                config.depth(),
                config.dimension(),
                config.activation(),
                arena,
                random);
        ConditionInput condition = config.condition();
        this.encoder = condition.embedding() > 0
                ? new Linear("condition_encoder", condition.dimension(), condition.embedding(), arena, random)
                : null;
        if (condition.learnedNull()) {
            // ∅ starts at the standardised conditions' mean; the null flag tells it apart from a real c.
            nullCondition = new Parameter("null_condition", Shape.matrix(1, condition.dimension()), arena);
            nullCondition.backend().fill(nullCondition.value(), 0f);
        } else {
            nullCondition = null;
        }
    }

    @Override
    public int dimension() {
        return config.dimension();
    }

    @Override
    public ConditionInput condition() {
        return config.condition();
    }

    /** v(x, t, c) on the tape. x (N, D), t (N, 1), c (N, C) or null for ∅ (or for no condition). */
    @Override
    public Variable forward(Tape tape, Variable x, Variable t, Variable condition) {
        Variable time = config.timeFrequencies() == 0 ? t : Functions.timeEmbedding(tape, t, config.timeFrequencies());
        Variable input = Functions.concatColumns(tape, time, x);
        if (config.condition().present()) {
            input = Functions.concatColumns(tape, input, conditionColumns(tape, condition, x.rows()));
        } else if (condition != null) {
            throw new IllegalArgumentException("this velocity field is unconditional; it takes no condition");
        }
        return net.forward(tape, input);
    }

    /**
     * The network's condition columns for N rows: [c or encoder(c) | 0] for a real condition, [∅ or
     * encoder(∅) | 1] for the null condition (condition = null). (N, {@link ConditionInput#inputColumns}).
     */
    public Variable conditionColumns(Tape tape, Variable condition, int rows) {
        ConditionInput layout = config.condition();
        Variable values;
        if (condition == null) {
            if (nullCondition == null) {
                throw new IllegalArgumentException("this conditional field has no null condition (train with "
                        + "--condition-dropout > 0 for an unconditional branch and guidance)");
            }
            values = Functions.matmul(
                    tape, tape.constant(filled(tape, rows, 1f)), false, tape.parameter(nullCondition), false);
        } else {
            if (condition.cols() != layout.dimension() || condition.rows() != rows) {
                throw new IllegalArgumentException(
                        "condition " + condition.value().shape() + " for " + rows + " rows; the field takes "
                                + layout.dimension() + " values per row");
            }
            values = condition;
        }
        if (encoder != null) {
            values = encoder.forward(tape, values, config.activation());
        }
        if (layout.learnedNull()) {
            values = Functions.concatColumns(
                    tape, values, tape.constant(filled(tape, rows, condition == null ? 1f : 0f)));
        }
        return values;
    }

    private static Tensor filled(Tape tape, int rows, float value) {
        Tensor column = tape.allocate(Shape.matrix(rows, 1));
        tape.backend().fill(column, value);
        return column;
    }

    public FieldConfig config() {
        return config;
    }

    public Mlp net() {
        return net;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(net.parameters());
        if (encoder != null) {
            all.addAll(encoder.parameters());
        }
        if (nullCondition != null) {
            all.add(nullCondition);
        }
        return all;
    }
}
