package lfm.flow;

import lfm.flow.ode.Dynamics;

/**
 * Dynamics over a set of points that {@link Push} solves chunk by chunk: the right-hand side for rows
 * [from, from + count) of the set. A conditional field reads those rows' conditions; a field without
 * conditions is the same for every chunk.
 */
@FunctionalInterface
public interface ChunkedDynamics {

    Dynamics rows(int from, int count);
}
