package lfm.bench;

import java.util.Map;

/**
 * One benchmark workload: prepared once, then run repeatedly. Shapes follow
 * ../shared/bench/torch_ref.py so the engine and PyTorch are timed on the same work.
 */
interface Workload extends AutoCloseable {

    /** "W1", "W2", "W3" or "G". */
    String name();

    /** What it does, in one line. */
    String description();

    /** Runs the workload once (results stay on the backend; the caller synchronises). */
    void runOnce();

    /** Floating-point operations of one run, counted as the matmul work actually executed. */
    double flops();

    /** Work units of one run and their name (steps, point-evaluations, points), for throughput. */
    double units();

    String unitName();

    /** Extra fields for the JSON record (configuration, checksums). */
    Map<String, Object> details();

    @Override
    void close();
}
