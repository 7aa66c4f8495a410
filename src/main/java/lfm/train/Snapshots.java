package lfm.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lfm.data.DataMatrix;
import lfm.io.HostTensor;
import lfm.tensor.Tensor;

/**
 * The first {@link Trainer#SNAPSHOT_POINTS} rows of the pool before block 1 and after each block,
 * kept on the host for the "how the blocks carry data to noise" plot (entry n = p_n).
 */
final class Snapshots {
    private final List<DataMatrix> snapshots = new ArrayList<>();

    void add(Tensor pool) {
        int rows = Math.min(Trainer.SNAPSHOT_POINTS, pool.rows());
        float[] values = pool.rowSlice(0, rows).toFloats();
        snapshots.add(new DataMatrix(rows, pool.cols(), values));
    }

    List<DataMatrix> list() {
        return List.copyOf(snapshots);
    }

    Map<String, HostTensor> asTensors() {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (int n = 0; n < snapshots.size(); n++) {
            DataMatrix snapshot = snapshots.get(n);
            tensors.put("p" + n, new HostTensor(new int[] {snapshot.rows(), snapshot.cols()}, snapshot.values()));
        }
        return tensors;
    }

    void restore(Map<String, HostTensor> tensors) {
        snapshots.clear();
        for (int n = 0; tensors.containsKey("p" + n); n++) {
            HostTensor tensor = tensors.get("p" + n);
            snapshots.add(new DataMatrix(tensor.shape()[0], tensor.shape()[1], tensor.values()));
        }
    }
}
