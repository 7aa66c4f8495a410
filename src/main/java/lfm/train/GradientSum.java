package lfm.train;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.Backend;
import lfm.dist.Collective;
import lfm.nn.Parameter;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Sums the parameter gradients of the shards of one step, in shard order, into the parameters' own
 * gradient tensors:
 * <ul>
 *   <li>micro-shards on one process: after shard 0 the gradients are copied aside, after each later
 *       shard added to them (one float add per element per shard), and copied back at the end;</li>
 *   <li>ranks: the gradients are packed into one flat tensor, summed across ranks in rank order
 *       ({@link Collective#allReduceSum(Tensor)}, on the device with NCCL) and unpacked.</li>
 * </ul>
 * Both add the same float32 values in the same order, so they give the same bits.
 */
final class GradientSum {
    private final Backend backend;
    private final List<Parameter> parameters;
    private final Collective collective;
    private final List<Tensor> accumulated = new ArrayList<>();
    private final Tensor flat;

    GradientSum(Backend backend, List<Parameter> parameters, DataParallel parallel, TensorArena arena) {
        this.backend = backend;
        this.parameters = parameters;
        this.collective = parallel.collective();
        if (parallel.localShards() > 1) {
            for (Parameter parameter : parameters) {
                accumulated.add(arena.allocate(parameter.grad().shape()));
            }
        }
        long total = 0;
        for (Parameter parameter : parameters) {
            total += parameter.grad().size();
        }
        this.flat = parallel.distributed() ? arena.allocate(Shape.matrix(Math.toIntExact(total), 1)) : null;
    }

    /** After the backward pass of local shard s: keep (s = 0) or add (s &gt; 0) its gradients. */
    void afterShard(int shard) {
        if (accumulated.isEmpty()) {
            return;
        }
        for (int i = 0; i < parameters.size(); i++) {
            Tensor gradient = parameters.get(i).grad();
            if (shard == 0) {
                backend.copy(gradient, accumulated.get(i));
            } else {
                backend.add(accumulated.get(i), gradient, accumulated.get(i));
            }
        }
    }

    /** After the last shard: the parameters' gradients become the sum over every shard of the step. */
    void finish() {
        if (!accumulated.isEmpty()) {
            for (int i = 0; i < parameters.size(); i++) {
                backend.copy(accumulated.get(i), parameters.get(i).grad());
            }
        }
        if (flat != null) {
            transfer(true);
            collective.allReduceSum(flat);
            transfer(false);
        }
    }

    /** Copies every gradient into its place in the flat tensor (pack) or back out of it. */
    private void transfer(boolean pack) {
        int offset = 0;
        for (Parameter parameter : parameters) {
            Tensor gradient = parameter.grad();
            int size = Math.toIntExact(gradient.size());
            Tensor slot = flat.rowSlice(offset, size).view(gradient.shape());
            if (pack) {
                backend.copy(gradient, slot);
            } else {
                backend.copy(slot, gradient);
            }
            offset += size;
        }
    }
}
