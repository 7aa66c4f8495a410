package lfm.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import lfm.nn.ConditionInput;
import lfm.nn.VelocityField;
import lfm.random.RandomStream;
import lfm.tensor.TensorArena;

/**
 * The architecture of every block's velocity field v(x, t): x (N, D), t (N, 1) → (N, D). One record per
 * kind of network; the JSON form names the kind ({@code "kind": "mlp"}). A new architecture is a new
 * record that implements this interface, is listed in {@code permits} and in {@link JsonSubTypes}, and
 * builds its field in {@link #newField}; everything that trains, pushes and samples sees only
 * {@link VelocityField}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MlpSpec.class, name = "mlp"),
    @JsonSubTypes.Type(value = UNetSpec.class, name = "unet")
})
public sealed interface ModelSpec permits MlpSpec, UNetSpec {

    /**
     * A freshly initialised field for data of {@code dimension} coordinates, reading the condition
     * {@code condition} describes ({@link ConditionInput#NONE} for v(x, t)).
     *
     * @param arena  holds the parameters (closing it frees them)
     * @param random draws the initial weights
     */
    VelocityField newField(int dimension, ConditionInput condition, TensorArena arena, RandomStream random);

    /** A few words for logs, e.g. "3×128 softplus:20". */
    String describe();

    /** As {@link #describe()} for the network that reads {@code condition} (its parameter count included). */
    default String describe(ConditionInput condition) {
        return describe();
    }
}
