package lfm.backend.conformance;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import lfm.backend.Backend;

/**
 * Every agreement case between a backend and the reference, grouped by op family. Each family's file
 * lists its shapes and tolerances at the top:
 * <ul>
 *   <li>{@link MatmulCases}: matmul (4 transpose pairs × packed / thin shapes, β = 0 with NaN c,
 *       accumulate, general α β);</li>
 *   <li>{@link LayerCases}: biasActivation, activationBackward, activationTangent × every activation;</li>
 *   <li>{@link ElementwiseCases}: transfers, copy, fill, add, multiply, scale, addScalar, axpy, combine,
 *       lerp, clipByGlobalNorm (with the aliasing the contract allows);</li>
 *   <li>{@link ReductionCases}: sum, sumOfSquares, columnSums, rowDot, stackedDiagonal,
 *       errorRatioSquares, mseForward, mseBackward;</li>
 *   <li>{@link ColumnCases}: concatColumns, splitColumns, timeEmbedding and its backward;</li>
 *   <li>{@link RandomCases}: fillUniform, fillNormal, fillBeta, gatherRandomRows (exact), pathSample;</li>
 *   <li>{@link OptimizerCases}: adamUpdate;</li>
 *   <li>{@link ConvolutionCases}: conv2d, conv2dBackwardData, conv2dBackwardFilter (kernel 1 and 3,
 *       stride 1 and 2, upsampling);</li>
 *   <li>{@link NormalizationCases}: groupNorm and its backward, addSampleBias and its backward, dropout,
 *       timestepEmbedding and its backward;</li>
 *   <li>{@link AttentionCases}: softmaxRows and its backward, matmulBatched.</li>
 * </ul>
 * Flat sizes {@link #SIZES} hit vector tails and thread splits; {@link #MATRICES} are odd shapes.
 * {@link #uncoveredOps()} names any Backend op without a case (a test keeps it empty).
 */
public final class ConformanceCases {
    /** Flat sizes: 1, 7, 33 (vector tails), 1000, 4097, and 65537 (split over threads). */
    static final int[] SIZES = {1, 7, 33, 1000, 4097, 65537};
    /** {rows, cols}. */
    static final int[][] MATRICES = {{1, 1}, {7, 3}, {33, 65}, {1000, 257}, {4097, 5}, {300, 256}};

    /** Backend methods that are not numeric ops and need no case. */
    private static final Set<String> NOT_OPS = Set.of("name", "description", "newArena", "synchronize", "close");

    private ConformanceCases() {}

    /** Every case, in a stable order. */
    public static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.addAll(MatmulCases.all());
        cases.addAll(LayerCases.all());
        cases.addAll(ElementwiseCases.all());
        cases.addAll(ReductionCases.all());
        cases.addAll(ColumnCases.all());
        cases.addAll(RandomCases.all());
        cases.addAll(OptimizerCases.all());
        cases.addAll(imageCases(true));
        return cases;
    }

    /**
     * The cases of the image and attention ops alone (gpu-check runs them on CUDA separately), with or
     * without the larger shapes, which cost minutes on the CUDA emulator (every thread of a block-wide
     * reduction is a fiber there) but not on a GPU or the CPU.
     */
    public static List<ConformanceCase> imageCases(boolean large) {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.addAll(ConvolutionCases.all(large));
        cases.addAll(NormalizationCases.all(large));
        cases.addAll(AttentionCases.all(large));
        return cases;
    }

    /** The Backend ops that must have at least one case (every public method but the non-numeric ones). */
    public static Set<String> requiredOps() {
        Set<String> ops = new TreeSet<>();
        for (Method method : Backend.class.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers())
                    && method.getDeclaringClass() == Backend.class
                    && !NOT_OPS.contains(method.getName())) {
                ops.add(method.getName());
            }
        }
        return ops;
    }

    /**
     * Ops without a case. The transfer pair fromHost / toHost is covered by one case, so toHost counts
     * as covered with fromHost.
     */
    public static Set<String> uncoveredOps() {
        Set<String> missing = new TreeSet<>(requiredOps());
        for (ConformanceCase c : all()) {
            missing.remove(c.op());
            if (c.op().equals("fromHost")) {
                missing.remove("toHost");
            }
        }
        return missing;
    }

    /** Shorthand used by the family files. */
    static ConformanceCase of(String name, String op, Tolerance tolerance, ConformanceCase.Program program) {
        return new ConformanceCase(name, op, tolerance, program);
    }
}
