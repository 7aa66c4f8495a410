package lfm.metrics;

import lfm.data.DataMatrix;

/**
 * Points stored column by column in double (structure of arrays): column k holds coordinate k of
 * every point, so pair loops read contiguous memory that the JIT can vectorise.
 */
final class PointColumns {
    final int count;
    final int dimension;
    final double[][] columns; // columns[k][i] = coordinate k of point i

    PointColumns(DataMatrix points) {
        count = points.rows();
        dimension = points.cols();
        columns = new double[dimension][count];
        float[] values = points.values();
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < dimension; k++) {
                columns[k][i] = values[i * dimension + k];
            }
        }
    }
}
