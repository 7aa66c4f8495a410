#!/usr/bin/env python3
"""A PyTorch reference of lfm-engine's UNet velocity field (lfm.nn.UNet), written from the engine's
specification (issue 15 / the UNet's Javadoc): guided-diffusion's UNet as the LFM authors use it,
without scale-shift norm. Parameter names are PyTorch state-dict names, so the
engine's safetensors load with load_state_dict(strict=True); the only difference is the engine's
time-embedding Linear biases, stored (1, out) like lfm.nn.Linear's, which the loader reshapes to (out).
A class-conditional engine UNet (a run with --condition-classes K) has one more tensor, label_emb.weight
(K + 1 rows with the null condition of --condition-dropout, row K being the null condition; else K),
which config["label_rows"] rebuilds here as guided-diffusion's nn.Embedding added to the time embedding.

Commands (all print one JSON object as their last line):
  count                     parameter counts of every preset, built here (no engine needed)
  parity --preset P         the engine writes its starting weights, one batch and its results
                            (lfm.bench.UNetParity); this script rebuilds the network, loads them and
                            compares: forward, parameter gradients, weights after 3 Adam steps
                            (relative errors ||a - b|| / ||b||, the largest over parameter tensors;
                            parameters whose gradient is zero in exact arithmetic listed apart, see
                            NULL_GRADIENT)
  time --preset P           forward + backward + Adam at batch 128, median of 20 after warm-up, for
                            eager and torch.compile x contiguous and channels_last (x each of
                            --torch-threads); the best is the peer
  compare --presets P,Q     engine (`bin/lfm bench --workload UNET-..`) and PyTorch's best setting
                            alternately over --rounds rounds; ratio of medians (> 1: the engine is faster)

Set-up: a venv with PyTorch 2.13 CPU and numpy, e.g. (the default index is unreachable on the build
machines; their local wheel store serves these):
  python3 -m venv .venv && .venv/bin/pip install --retries 0 torch==2.13.0+cpu numpy
The engine jar must be built first (`make package`); a JDK >= 22 is found by bin/find-jdk.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The engine's presets (lfm.nn.UNetConfig.preset) and the parameter counts issue 15 lists for them.
PRESETS = {
    "digits-t8": dict(image=[8, 8, 1], channels=16, channel_mults=[1, 2], res_blocks=1,
                      attention_resolutions=[], head_channels=0, groups=8, dropout=0.0),
    "fmnist-xs": dict(image=[28, 28, 1], channels=16, channel_mults=[1, 2, 2], res_blocks=1,
                      attention_resolutions=[], head_channels=0, groups=8, dropout=0.0),
    "fmnist-s": dict(image=[28, 28, 1], channels=32, channel_mults=[1, 2, 2], res_blocks=1,
                     attention_resolutions=[], head_channels=0, groups=32, dropout=0.0),
    "fmnist-m": dict(image=[28, 28, 1], channels=64, channel_mults=[1, 2, 2], res_blocks=2,
                     attention_resolutions=[7], head_channels=32, groups=32, dropout=0.0),
    "cifar-paper": dict(image=[32, 32, 3], channels=128, channel_mults=[1, 2, 2, 2], res_blocks=2,
                        attention_resolutions=[16], head_channels=32, groups=32, dropout=0.1),
}
TABLE_COUNTS = {"digits-t8": 163985, "fmnist-xs": 267313, "fmnist-s": 1062497, "fmnist-m": 6469889,
                "cifar-paper": 35746307}
WORKLOADS = {"digits-t8": "UNET-T8", "fmnist-xs": "UNET-XS", "fmnist-s": "UNET-S"}
# A parameter whose engine gradient norm is below this share of the largest one has a gradient that is
# exactly zero in exact arithmetic (float rounding noise on both sides): with one channel per GroupNorm
# group (fmnist-s at its 32-channel level) the norm cancels every per-channel constant, so the conv bias
# before it and the time-embedding projection of those residual blocks get no gradient. Noise is not
# compared (relative error of noise against noise means nothing, and Adam turns it into ±lr steps); such
# parameters are listed with both norms instead.
NULL_GRADIENT = 1e-6


# ---------------------------------------------------------------------------------------- the network

def timestep_embedding(t, width):
    """[cos | sin] of t * 10000^(-k/half), k < half = width / 2; t (N,) raw in [0, 1]."""
    half = width // 2
    frequencies = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float64) / half)
    angles = t.double()[:, None] * frequencies[None]
    return torch.cat([torch.cos(angles), torch.sin(angles)], dim=1).to(t.dtype)


def zeroed(module):
    for parameter in module.parameters():
        nn.init.zeros_(parameter)
    return module


class ResBlock(nn.Module):
    def __init__(self, inputs, outputs, embedding, groups, dropout):
        super().__init__()
        self.in_layers = nn.Sequential(nn.GroupNorm(groups, inputs), nn.SiLU(),
                                       nn.Conv2d(inputs, outputs, 3, padding=1))
        self.emb_layers = nn.Sequential(nn.SiLU(), nn.Linear(embedding, outputs))
        self.out_layers = nn.Sequential(nn.GroupNorm(groups, outputs), nn.SiLU(), nn.Dropout(dropout),
                                        zeroed(nn.Conv2d(outputs, outputs, 3, padding=1)))
        self.skip_connection = nn.Identity() if inputs == outputs else nn.Conv2d(inputs, outputs, 1)

    def forward(self, x, emb):
        h = self.in_layers(x) + self.emb_layers(emb)[:, :, None, None]
        return self.skip_connection(x) + self.out_layers(h)


class AttentionBlock(nn.Module):
    """x + proj(attention(qkv(GN(x)))), heads in the legacy order: head h owns qkv channels
    [3h·d, 3(h+1)·d) = [q | k | v]; q and k each scaled by d^(-1/4); softmax in float."""

    def __init__(self, channels, heads, groups):
        super().__init__()
        self.heads = heads
        self.norm = nn.GroupNorm(groups, channels)
        self.qkv = nn.Conv1d(channels, 3 * channels, 1)
        self.proj_out = zeroed(nn.Conv1d(channels, channels, 1))

    def forward(self, x, emb=None):
        b, c, height, width = x.shape
        flat = x.reshape(b, c, -1)
        qkv = self.qkv(self.norm(flat))
        d = c // self.heads
        q, k, v = qkv.reshape(b * self.heads, 3 * d, -1).split(d, dim=1)
        scale = 1 / math.sqrt(math.sqrt(d))
        weight = torch.einsum("bct,bcs->bts", q * scale, k * scale)
        weight = torch.softmax(weight.float(), dim=-1).type(weight.dtype)
        attended = torch.einsum("bts,bcs->bct", weight, v).reshape(b, c, -1)
        return (flat + self.proj_out(attended)).reshape(b, c, height, width)


class Downsample(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.op = nn.Conv2d(channels, channels, 3, stride=2, padding=1)

    def forward(self, x, emb=None):
        return self.op(x)


class Upsample(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x, emb=None):
        return self.conv(F.interpolate(x, scale_factor=2, mode="nearest"))


class Block(nn.Sequential):
    """Layers of one input/output block; residual blocks also receive the embedding."""

    def forward(self, x, emb):
        for layer in self:
            x = layer(x, emb) if isinstance(layer, (ResBlock, AttentionBlock, Downsample, Upsample)) else layer(x)
        return x


class UNet(nn.Module):
    def __init__(self, config):
        super().__init__()
        height, width, image_channels = config["image"]
        channels, mults, res_blocks = config["channels"], config["channel_mults"], config["res_blocks"]
        groups, dropout, head_channels = config["groups"], config["dropout"], config["head_channels"]
        attention = set(config["attention_resolutions"])
        embedding = 4 * channels
        heads = (lambda c: 1) if head_channels == 0 else (lambda c: c // head_channels)
        self.channels = channels
        self.image = (height, width, image_channels)
        self.time_embed = nn.Sequential(nn.Linear(channels, embedding), nn.SiLU(), nn.Linear(embedding, embedding))
        if config.get("label_rows", 0) > 0:
            self.label_emb = nn.Embedding(config["label_rows"], embedding)
        self.input_blocks = nn.ModuleList([Block(nn.Conv2d(image_channels, channels, 3, padding=1))])
        skips, ch = [channels], channels
        for level, mult in enumerate(mults):
            for _ in range(res_blocks):
                layers = [ResBlock(ch, channels * mult, embedding, groups, dropout)]
                ch = channels * mult
                if height >> level in attention:
                    layers.append(AttentionBlock(ch, heads(ch), groups))
                self.input_blocks.append(Block(*layers))
                skips.append(ch)
            if level < len(mults) - 1:
                self.input_blocks.append(Block(Downsample(ch)))
                skips.append(ch)
        self.middle_block = Block(ResBlock(ch, ch, embedding, groups, dropout), AttentionBlock(ch, heads(ch), groups),
                                  ResBlock(ch, ch, embedding, groups, dropout))
        self.output_blocks = nn.ModuleList()
        for level, mult in reversed(list(enumerate(mults))):
            for i in range(res_blocks + 1):
                layers = [ResBlock(ch + skips.pop(), channels * mult, embedding, groups, dropout)]
                ch = channels * mult
                if height >> level in attention:
                    layers.append(AttentionBlock(ch, heads(ch), groups))
                if level > 0 and i == res_blocks:
                    layers.append(Upsample(ch))
                self.output_blocks.append(Block(*layers))
        self.out = nn.Sequential(nn.GroupNorm(groups, ch), nn.SiLU(),
                                 zeroed(nn.Conv2d(ch, image_channels, 3, padding=1)))

    def forward(self, x, t, labels=None):
        """x (N, C, H, W), t (N,), labels (N,) row indices of label_emb (K = the null condition) -> (N, C, H, W)."""
        emb = self.time_embed(timestep_embedding(t, self.channels))
        if labels is not None:
            emb = emb + self.label_emb(labels)
        hs, h = [], x
        for block in self.input_blocks:
            h = block(h, emb)
            hs.append(h)
        h = self.middle_block(h, emb)
        for block in self.output_blocks:
            h = block(torch.cat([h, hs.pop()], dim=1), emb)
        return self.out(h)

    def field(self, x_rows, t_column, labels=None):
        """The engine's contract: x (N, H*W*C) NHWC rows, t (N, 1)[, labels (N,)] -> v (N, H*W*C) NHWC rows."""
        height, width, channels = self.image
        images = x_rows.reshape(-1, height, width, channels).permute(0, 3, 1, 2)
        return self.forward(images, t_column[:, 0], labels).permute(0, 2, 3, 1).reshape(x_rows.shape[0], -1)


# ---------------------------------------------------------------------------------------- files

def read_safetensors(path):
    """name -> float32 array, with a plain reader (the safetensors package need not be installed)."""
    with open(path, "rb") as f:
        size = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", f"{path}: {name} is {info['dtype']}"
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype="<f4").reshape(info["shape"]).copy()
    return tensors


def load_engine_weights(model, tensors):
    """load_state_dict(strict=True) after reshaping (1, out) Linear biases to PyTorch's (out)."""
    state = {}
    for name, reference in model.state_dict().items():
        value = torch.from_numpy(tensors[name])
        if tuple(value.shape) != tuple(reference.shape):
            assert value.numel() == reference.numel(), f"{name}: {tuple(value.shape)} vs {tuple(reference.shape)}"
            value = value.reshape(reference.shape)
        state[name] = value
    model.load_state_dict(state, strict=True)


def java():
    jdk = subprocess.run([os.path.join(ROOT, "bin", "find-jdk")], capture_output=True, text=True, check=True)
    return os.path.join(jdk.stdout.strip(), "bin", "java")


def relative(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    norm = np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / norm) if norm > 0 else float(np.linalg.norm(a - b))


# ---------------------------------------------------------------------------------------- commands

def count(args):
    counts = {}
    for name, config in PRESETS.items():
        built = sum(p.numel() for p in UNet(config).parameters())
        counts[name] = {"pytorch": built, "table": TABLE_COUNTS[name], "equal": built == TABLE_COUNTS[name]}
        print(f"{name:12s} PyTorch {built:>11,d}   table {TABLE_COUNTS[name]:>11,d}", file=sys.stderr)
    print(json.dumps({"parameter_counts": counts}))


def parity(args):
    folder = args.out or tempfile.mkdtemp(prefix=f"unet-parity-{args.preset}-")
    engine = subprocess.run([java(), "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                             "-cp", os.path.join(ROOT, "target", "lfm-engine.jar"), "lfm.bench.UNetParity",
                             args.preset, str(args.batch), folder, args.backend, str(args.threads)],
                            capture_output=True, text=True)
    if engine.returncode != 0:
        raise SystemExit(f"engine side failed:\n{engine.stderr[-3000:]}")
    torch.set_num_threads(args.threads)
    with open(os.path.join(folder, "config.json")) as f:
        config = json.load(f)
    model = UNet(config)
    load_engine_weights(model, read_safetensors(os.path.join(folder, "init.safetensors")))
    xt, t, target = (torch.from_numpy(np.load(os.path.join(folder, n + ".npy"))) for n in ("xt", "t", "target"))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    grads_engine = read_safetensors(os.path.join(folder, "grads.safetensors"))
    result = {"preset": args.preset, "batch": args.batch, "backend": args.backend,
              "parameters": sum(p.numel() for p in model.parameters()), "config_count": config["parameter_count"]}
    losses = []
    for step in range(3):
        optimizer.zero_grad()
        v = model.field(xt, t)
        loss = F.mse_loss(v, target)
        losses.append(loss.item())
        loss.backward()
        if step == 0:
            result["forward_relative_error"] = relative(v.detach().numpy(), np.load(os.path.join(folder, "forward.npy")))
            norms = {name: float(np.linalg.norm(g)) for name, g in grads_engine.items()}
            nulls = {name for name, n in norms.items() if n < NULL_GRADIENT * max(norms.values())}
            errors = {name: relative(p.grad.numpy().reshape(grads_engine[name].shape), grads_engine[name])
                      for name, p in model.named_parameters() if name not in nulls}
            worst = max(errors, key=errors.get)
            result["gradient_relative_error_max"] = errors[worst]
            result["gradient_worst_parameter"] = worst
            result["gradient_relative_error_median"] = statistics.median(errors.values())
            result["null_gradients"] = {name: {"engine_norm": norms[name],
                                               "pytorch_norm": float(model.get_parameter(name).grad.norm())}
                                        for name in sorted(nulls)}
        optimizer.step()
    after = read_safetensors(os.path.join(folder, "after.safetensors"))
    start = read_safetensors(os.path.join(folder, "init.safetensors"))
    weights, updates = {}, {}
    for name, p in model.named_parameters():
        if name in nulls:
            continue
        mine = p.detach().numpy().reshape(after[name].shape)
        weights[name] = relative(mine, after[name])
        updates[name] = relative(mine - start[name], after[name] - start[name])
    result["weights_after_adam_relative_error_max"] = max(weights.values())
    result["updates_after_adam_relative_error_max"] = max(updates.values())
    result["updates_worst_parameter"] = max(updates, key=updates.get)
    with open(os.path.join(folder, "losses.json")) as f:
        result["losses_engine"] = json.load(f)["losses"]
    result["losses_pytorch"] = losses
    result["passed"] = (result["forward_relative_error"] <= 1e-4 and result["gradient_relative_error_max"] <= 1e-3
                        and result["weights_after_adam_relative_error_max"] <= 1e-3)
    result["folder"] = folder
    print(json.dumps(result))
    return 0 if result["passed"] else 1


def torch_step_timer(config, batch, compiled, channels_last, threads):
    """A function that runs one training step, and the model (warm it up before timing)."""
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = UNet(config)
    height, width, channels = config["image"]
    x = torch.randn(batch, channels, height, width)
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    t = torch.rand(batch)
    target = torch.randn_like(x)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    forward = torch.compile(model) if compiled else model

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = F.mse_loss(forward(x, t), target)
        loss.backward()
        optimizer.step()
    return step


def median_ms(step, warmup, repetitions):
    for _ in range(warmup):
        step()
    seconds = []
    for _ in range(repetitions):
        started = time.perf_counter()
        step()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1e3


SETTINGS = [(False, False), (False, True), (True, False), (True, True)]


def setting_name(compiled, channels_last, threads=None):
    """e.g. eager/channels_last, or eager/channels_last/1t with a thread count."""
    name = ("compile" if compiled else "eager") + ("/channels_last" if channels_last else "/contiguous")
    return name if threads is None else f"{name}/{threads}t"


def torch_threads(args):
    """The thread counts PyTorch is timed with: --torch-threads (a comma list) or else --threads."""
    return [int(n) for n in args.torch_threads.split(",")] if args.torch_threads else [args.threads]


def time_torch(args):
    config = PRESETS[args.preset]
    results = {}
    for threads in torch_threads(args):
        for compiled, channels_last in SETTINGS:
            if args.eager_only and compiled:
                continue
            name = setting_name(compiled, channels_last, threads)
            step = torch_step_timer(config, args.batch, compiled, channels_last, threads)
            results[name] = median_ms(step, 5, args.repetitions)
            print(f"{args.preset} {name}: {results[name]:.1f} ms", file=sys.stderr)
    best = min(results, key=results.get)
    print(json.dumps({"preset": args.preset, "batch": args.batch, "threads": args.threads, "torch": torch.__version__,
                      "ms": results, "best": best, "best_ms": results[best]}))


def engine_ms(preset, threads, warmup, repetitions):
    out = subprocess.run([os.path.join(ROOT, "bin", "lfm"), "bench", "--workload", WORKLOADS[preset], "--threads",
                          str(threads), "--warmup", str(warmup), "--repeat", str(repetitions)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"engine bench failed:\n{out.stderr[-3000:]}")
    record = json.loads(out.stdout.strip().splitlines()[-1])
    timing = [w for w in record["workloads"] if w["workload"] == WORKLOADS[preset]][0]
    return timing["ms"], timing


def compare(args):
    """Per preset: PyTorch's best setting first (one pass over the four), then rounds of engine, PyTorch."""
    summary = {}
    for preset in args.presets.split(","):
        config = PRESETS[preset]
        best, best_ms, steps = None, None, {}
        settings = SETTINGS
        if args.torch_setting:   # the best found by an earlier `time` run: skip the search (and compiling)
            settings = [s for s in SETTINGS if setting_name(*s) == args.torch_setting]
            if not settings:
                raise SystemExit(f"--torch-setting must be one of {[setting_name(*s) for s in SETTINGS]}")
        if args.eager_only:
            settings = [s for s in settings if not s[0]]
        for threads in torch_threads(args):
            for compiled, channels_last in settings:
                setting = (compiled, channels_last, threads)
                steps[setting] = torch_step_timer(config, args.batch, compiled, channels_last, threads)
                ms = median_ms(steps[setting], 5, args.repetitions)
                print(f"{preset} torch {setting_name(*setting)}: {ms:.1f} ms", file=sys.stderr)
                if best_ms is None or ms < best_ms:
                    best, best_ms = setting, ms
        rounds = []
        for r in range(args.rounds):
            engine, record = engine_ms(preset, args.threads, args.engine_warmup, args.repetitions)
            torch.set_num_threads(best[2])
            peer = median_ms(steps[best], 2, args.repetitions)
            rounds.append({"engine_ms": engine, "torch_ms": peer, "ratio": peer / engine,
                           "engine_step_mib": record.get("step_mib")})
            print(f"{preset} round {r + 1}: engine {engine:.1f} ms, torch {setting_name(*best)} {peer:.1f} ms, "
                  f"ratio {peer / engine:.3f}", file=sys.stderr)
        engine_median = statistics.median(x["engine_ms"] for x in rounds)
        torch_median = statistics.median(x["torch_ms"] for x in rounds)
        summary[preset] = {"torch_best_setting": setting_name(*best), "rounds": rounds,
                           "engine_median_ms": engine_median, "torch_median_ms": torch_median,
                           "ratio_of_medians": torch_median / engine_median}
    print(json.dumps({"batch": args.batch, "threads": args.threads, "torch": torch.__version__,
                      "presets": summary}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("count")
    p = commands.add_parser("parity")
    p.add_argument("--preset", required=True, choices=PRESETS)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--backend", default="cpu", choices=["cpu", "reference"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out", help="folder for the engine's files (default: a new temporary folder)")
    p = commands.add_parser("time")
    p.add_argument("--preset", required=True, choices=PRESETS)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repetitions", type=int, default=20)
    p.add_argument("--eager-only", action="store_true", help="skip torch.compile (minutes of compiling)")
    p.add_argument("--torch-threads", help="comma list of PyTorch thread counts to try (default: --threads)")
    p = commands.add_parser("compare")
    p.add_argument("--presets", default="fmnist-xs,fmnist-s")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--repetitions", type=int, default=20)
    p.add_argument("--engine-warmup", type=float, default=10)
    p.add_argument("--torch-setting", help="time only this PyTorch setting (e.g. eager/channels_last), the best "
                                           "one an earlier `time` run found, instead of searching all four")
    p.add_argument("--eager-only", action="store_true", help="search the eager settings alone (torch.compile of "
                                                             "the step takes tens of minutes on a loaded machine)")
    p.add_argument("--torch-threads", help="comma list of PyTorch thread counts to search for its best setting "
                                           "(default: --threads, the engine's)")
    args = parser.parse_args()
    return {"count": count, "parity": parity, "time": time_torch, "compare": compare}[args.command](args) or 0


if __name__ == "__main__":
    sys.exit(main())
