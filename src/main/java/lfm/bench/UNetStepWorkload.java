package lfm.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Backend;
import lfm.nn.UNet;
import lfm.nn.UNetConfig;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * One training step of a UNet preset, as benchmarks/torch_unet_ref.py times PyTorch's: a fixed batch
 * (x_t, t, target) already on the backend, then zero the gradients, forward, MSE, backward and one Adam
 * update (lr 1e-4). The step's tensors live in an arena reset after each step; its peak size is the
 * activation memory a step of this batch needs ({@link #stepBytes()}).
 */
public final class UNetStepWorkload implements Workload {
    private final Backend backend;
    private final String name;
    private final String preset;
    private final int batch;
    private final TensorArena model;
    private final TensorArena step;
    private final UNet unet;
    private final Adam adam;
    private final Tensor xt;
    private final Tensor t;
    private final Tensor target;
    private long stepBytes;

    /** @param name the workload's name in reports (UNET-T8, ...) */
    public UNetStepWorkload(Backend backend, String name, String preset, int batch) {
        this.backend = backend;
        this.name = name;
        this.preset = preset;
        this.batch = batch;
        this.model = backend.newArena("unet " + preset);
        this.step = backend.newArena("unet step");
        UNetConfig config = UNetConfig.preset(preset);
        this.unet = new UNet(config, model, new RandomStream(0));
        this.adam = new Adam(unet.parameters(), AdamConfig.adam(), model);
        int dimension = config.image().size();
        this.xt = model.allocate(Shape.matrix(batch, dimension));
        this.t = model.allocate(Shape.matrix(batch, 1));
        this.target = model.allocate(Shape.matrix(batch, dimension));
        backend.fillNormal(xt, new RandomKey(3, 1));
        backend.fillUniform(t, new RandomKey(3, 2));
        backend.fillNormal(target, new RandomKey(3, 3));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "UNet " + preset + " training step (forward, MSE, backward, Adam), batch " + batch + ", "
                + unet.parameterCount() + " parameters";
    }

    /** One step: the loss value stays on the backend. */
    @Override
    public void runOnce() {
        Tape tape = Tape.recording(backend, step);
        unet.zeroGrad();
        Variable loss =
                Functions.mse(tape, unet.forward(tape, tape.constant(xt), tape.constant(t)), tape.constant(target));
        tape.backward(loss);
        adam.step(1e-4);
        stepBytes = Math.max(stepBytes, step.bytesInUse());
        step.reset();
    }

    /** The largest step arena seen so far, in bytes (activations, saved statistics and gradients). */
    public long stepBytes() {
        return stepBytes;
    }

    public UNet unet() {
        return unet;
    }

    /** Three times the forward pass (forward, then the data and parameter gradients). */
    @Override
    public double flops() {
        return 3 * unet.config().forwardFlops(batch);
    }

    @Override
    public double units() {
        return 1;
    }

    @Override
    public String unitName() {
        return "steps";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("preset", preset);
        details.put("batch", batch);
        details.put("parameters", unet.parameterCount());
        details.put("step_mib", Math.round(stepBytes / 1048576.0 * 10) / 10.0);
        return details;
    }

    @Override
    public void close() {
        step.close();
        model.close();
    }
}
