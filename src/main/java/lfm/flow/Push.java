package lfm.flow;

import lfm.flow.ode.Dynamics;
import lfm.flow.ode.OdeSolver;
import lfm.flow.ode.SolveStats;
import lfm.tensor.Tensor;

/**
 * Solves the flow ODE for a large set of points in chunks of rows, in place, so memory for the
 * network's intermediates stays bounded by the chunk size however many points there are.
 */
public final class Push {
    /** Rows per chunk unless told otherwise: large enough to keep GEMMs efficient. */
    public static final int DEFAULT_CHUNK_ROWS = 20_000;

    private Push() {}

    /** Integrates every row of {@code points} from t0 to t1, chunk by chunk, with the same dynamics. */
    public static SolveStats solve(
            Dynamics dynamics, OdeSolver solver, Tensor points, double t0, double t1, int chunkRows) {
        return solve((from, count) -> dynamics, solver, points, t0, t1, chunkRows);
    }

    /** Integrates every row of {@code points} from t0 to t1, each chunk with the dynamics of its rows. */
    public static SolveStats solve(
            ChunkedDynamics dynamics, OdeSolver solver, Tensor points, double t0, double t1, int chunkRows) {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunk rows must be ≥ 1, got " + chunkRows);
        }
        SolveStats total = SolveStats.NONE;
        for (int from = 0; from < points.rows(); from += chunkRows) {
            int count = Math.min(chunkRows, points.rows() - from);
            total = total.plus(solver.solve(dynamics.rows(from, count), points.rowSlice(from, count), t0, t1));
        }
        return total;
    }
}
