package lfm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Backend;
import lfm.backend.Backends;
import lfm.data.DataMatrix;
import lfm.data.format.NpyWriter;
import lfm.io.HostTensor;
import lfm.io.ModuleWeights;
import lfm.io.SafeTensors;
import lfm.nn.Parameter;
import lfm.nn.UNet;
import lfm.nn.UNetConfig;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * The engine's half of the PyTorch parity check (benchmarks/torch_unet_ref.py runs it, then rebuilds
 * the same network in PyTorch from what it writes). Into the output folder:
 * <pre>
 *   config.json          the UNetConfig (image, channels, mults, res blocks, attention, heads, groups, dropout)
 *   init.safetensors     the starting weights, PyTorch state-dict names and layouts
 *   xt.npy t.npy target.npy   one batch: x_t (N, H·W·C) NHWC rows, t (N, 1), the target (N, H·W·C)
 *   forward.npy          v(x_t, t) at the starting weights
 *   grads.safetensors    d(MSE)/d(parameter) at the starting weights
 *   after.safetensors    the weights after 3 Adam steps (lr 1e-3, PyTorch's defaults) on the same batch
 *   losses.json          the three losses
 * </pre>
 * The zero-initialised layers (each residual block's last conv, attention's output projection, the
 * output conv) would leave most gradients exactly zero at the true initialisation, which checks
 * little; so every parameter is first moved by U(−0.05, 0.05), and those are the starting weights.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp target/lfm-engine.jar lfm.bench.UNetParity PRESET BATCH DIR [BACKEND] [THREADS]</pre>
 */
public final class UNetParity {
    private static final float LEARNING_RATE = 1e-3f;
    private static final int ADAM_STEPS = 3;

    private UNetParity() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: UNetParity PRESET BATCH DIR [cpu|reference] [THREADS]");
        }
        UNetConfig config = UNetConfig.preset(args[0]);
        int batch = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        String backendName = args.length > 3 ? args[3] : "cpu";
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        try (Backend backend = Backends.create(backendName, threads, System.err::println);
                TensorArena arena = backend.newArena("parity");
                TensorArena step = backend.newArena("parity step")) {
            run(config, batch, out, backend, arena, step);
        }
    }

    private static void run(
            UNetConfig config, int batch, Path out, Backend backend, TensorArena arena, TensorArena step)
            throws IOException {
        writeConfig(config, out.resolve("config.json"));
        UNet unet = new UNet(config, arena, new RandomStream(2024));
        perturb(unet);
        SafeTensors.write(out.resolve("init.safetensors"), ModuleWeights.export(unet, ""), Map.of());
        int dimension = config.image().size();
        Tensor xt = draw(backend, arena, batch, dimension, 1, -1, 1);
        Tensor t = draw(backend, arena, batch, 1, 2, 0, 1);
        Tensor target = draw(backend, arena, batch, dimension, 3, -1, 1);
        writeNpy(out.resolve("xt.npy"), xt);
        writeNpy(out.resolve("t.npy"), t);
        writeNpy(out.resolve("target.npy"), target);
        Adam adam = new Adam(unet.parameters(), AdamConfig.adam(), arena);
        double[] losses = new double[ADAM_STEPS];
        for (int s = 0; s < ADAM_STEPS; s++) {
            Tape tape = Tape.recording(backend, step);
            unet.zeroGrad();
            Variable v = unet.forward(tape, tape.constant(xt), tape.constant(t));
            Variable loss = Functions.mse(tape, v, tape.constant(target));
            if (s == 0) {
                writeNpy(out.resolve("forward.npy"), v.value());
            }
            tape.backward(loss);
            losses[s] = loss.value().item();
            if (s == 0) {
                Map<String, HostTensor> grads = new LinkedHashMap<>();
                for (Parameter parameter : unet.parameters()) {
                    grads.put(parameter.name(), ModuleWeights.toHost(parameter.grad()));
                }
                SafeTensors.write(out.resolve("grads.safetensors"), grads, Map.of());
            }
            adam.step(LEARNING_RATE);
            step.reset();
        }
        SafeTensors.write(out.resolve("after.safetensors"), ModuleWeights.export(unet, ""), Map.of());
        Files.writeString(
                out.resolve("losses.json"),
                new ObjectMapper()
                        .writeValueAsString(Map.of(
                                "losses", losses, "learning_rate", LEARNING_RATE, "backend", backend.description())));
        System.out.println(new ObjectMapper()
                .writeValueAsString(Map.of(
                        "preset",
                        config.image().toString(),
                        "parameters",
                        unet.parameterCount(),
                        "config_parameter_count",
                        config.parameterCount(),
                        "losses",
                        losses,
                        "out",
                        out.toString())));
    }

    /** Every parameter += U(−0.05, 0.05), one Philox draw per tensor. */
    private static void perturb(UNet unet) {
        List<Parameter> parameters = unet.parameters();
        for (int p = 0; p < parameters.size(); p++) {
            Tensor value = parameters.get(p).value();
            float[] values = value.toFloats();
            RandomKey key = new RandomKey(99, p);
            for (int i = 0; i < values.length; i++) {
                values[i] += (float) (0.1 * Distributions.uniform(key, i) - 0.05);
            }
            value.backend().fromHost(values, value);
        }
    }

    private static Tensor draw(
            Backend backend, TensorArena arena, int rows, int cols, long stream, double low, double high) {
        Tensor tensor = arena.allocate(Shape.matrix(rows, cols));
        float[] values = new float[rows * cols];
        RandomKey key = new RandomKey(7, stream);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (low + (high - low) * Distributions.uniform(key, i));
        }
        backend.fromHost(values, tensor);
        return tensor;
    }

    private static void writeNpy(Path file, Tensor tensor) throws IOException {
        NpyWriter.write(file, new DataMatrix(tensor.rows(), tensor.cols(), tensor.toFloats()));
    }

    /** The config as JSON, in the key names torch_unet_ref.py reads. */
    static void writeConfig(UNetConfig config, Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(
                "image",
                List.of(
                        config.image().height(),
                        config.image().width(),
                        config.image().channels()));
        json.put("channels", config.channels());
        json.put("channel_mults", config.channelMults());
        json.put("res_blocks", config.resBlocks());
        json.put(
                "attention_resolutions",
                config.attentionResolutions().stream().sorted().toList());
        json.put("head_channels", config.headChannels());
        json.put("groups", config.groups());
        json.put("dropout", config.dropout());
        json.put("parameter_count", config.parameterCount());
        Files.writeString(
                file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }
}
