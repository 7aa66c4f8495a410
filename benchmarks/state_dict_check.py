#!/usr/bin/env python3
"""Checks that a run's block file is a PyTorch state dict: loads it into an nn.Sequential of the same
shape with load_state_dict(strict=True) and compares the velocity with the engine's on 1,000 points.

  python benchmarks/state_dict_check.py [--run DIR] [--block N] [--points 1000] [--tolerance 1e-5]
                                        [--work DIR]

Without --run it trains a small run first (`lfm train` on 8gaussians, 2 OU blocks + the free block,
200 steps each) into --work. Then, for block N (default: every block):
  1. draws 1,000 seeded rows (t ~ U(0, 1), x ~ N(0, 2²I)) and writes them as points.npy;
  2. `lfm velocity --run DIR --block N --in points.npy --out engine.npy` (the engine's v, float32);
  3. reads block-0N.safetensors (the `safetensors` package if present, else the small numpy reader
     below), builds Field = [time input | x] → nn.Sequential(Linear, act, ..., Linear) from the run's
     config.json, calls load_state_dict(strict=True) and evaluates it in float32;
  4. prints the max |v_engine − v_torch| and fails (exit 1) above --tolerance.
Key layout checked (docs/weights.md): net.{2i}.weight (out, in) and net.{2i}.bias [out] for the
linear layers i = 0..depth; the odd indices are the activations, which hold no parameters.

Needs bin/lfm (after `make package`) and a Python with torch and numpy. A virtual environment for it:
  python3 -m venv .venv && .venv/bin/pip install --retries 0 torch==2.13.0+cpu numpy
  .venv/bin/python benchmarks/state_dict_check.py
(--retries 0: without a reachable package index pip would otherwise retry for minutes; on a machine
with a local wheel store, pip finds torch there.)
"""
import argparse
import json
import math
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lfm_cli import ROOT, lfm  # noqa: E402

import numpy as np
import torch
from torch import nn

DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def read_safetensors(path):
    """{name: np.ndarray} of a safetensors file: u64 header length, JSON header, little-endian data."""
    try:
        from safetensors.numpy import load_file
        return load_file(path)
    except ImportError:
        pass
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length].decode("utf-8"))
    data = raw[8 + length:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = np.dtype(DTYPES[info["dtype"]]).newbyteorder("<")
        tensors[name] = np.frombuffer(data[begin:end], dtype=dtype).reshape(info["shape"])
    return tensors


def activation(spec):
    """The PyTorch module for an engine activation spec (lfm.backend.Activation.parse)."""
    name, _, value = spec.lower().partition(":")
    if name == "softplus":
        return nn.Softplus(beta=float(value or 20), threshold=20)
    if name == "elu":
        return nn.ELU(alpha=float(value or 1))
    return {"relu": nn.ReLU(), "silu": nn.SiLU(), "swish": nn.SiLU(), "tanh": nn.Tanh(),
            "identity": nn.Identity(), "linear": nn.Identity(), "none": nn.Identity()}[name]


class Field(nn.Module):
    """v(x, t) = net([time input | x]); the time input is t, or [sin ωₖt | cos ωₖt] with
    ωₖ = 1000^(k/(K−1)) for --time-embedding K (lfm.backend.TimeEmbedding). State-dict keys: net.*."""

    def __init__(self, config):
        super().__init__()
        self.frequencies = config["timeFrequencies"]
        time_columns = 1 if self.frequencies == 0 else 2 * self.frequencies
        width, depth, dimension = config["width"], config["depth"], config["dimension"]
        layers, inputs = [], time_columns + dimension
        for _ in range(depth):
            layers += [nn.Linear(inputs, width), activation(config["activation"])]
            inputs = width
        layers.append(nn.Linear(inputs, dimension))
        self.net = nn.Sequential(*layers)

    def forward(self, x, t):
        if self.frequencies == 0:
            time = t
        else:
            k = self.frequencies
            omega = torch.tensor([1.0 if k == 1 else 1000.0 ** (i / (k - 1)) for i in range(k)], dtype=t.dtype)
            time = torch.cat([torch.sin(omega * t), torch.cos(omega * t)], dim=1)
        return self.net(torch.cat([time, x], dim=1))


def train_small_run(work):
    run = os.path.join(work, "run")
    if not os.path.exists(os.path.join(run, "config.json")):
        lfm("train", "--data", "8gaussians", "--blocks", "2", "--steps", "200", "--hidden", "64", "--depth", "3",
            "--batch", "256", "--pool", "2000", "--no-plots", "--out", run)
    return run


def check_block(run, config, block, count, work):
    rng = np.random.default_rng(2410_02548 + block)
    t = rng.uniform(0, 1, size=(count, 1))
    x = rng.normal(0, 2, size=(count, config["dimension"]))
    points = os.path.join(work, f"points-{block}.npy")
    engine_out = os.path.join(work, f"engine-{block}.npy")
    np.save(points, np.hstack([t, x]).astype(np.float32))
    lfm("velocity", "--run", run, "--block", block, "--in", points, "--out", engine_out)
    engine = np.load(engine_out)

    field = Field(config)
    state = {name: torch.from_numpy(np.array(value)) for name, value in
             read_safetensors(os.path.join(run, f"block-{block:02d}.safetensors")).items()}
    field.load_state_dict(state, strict=True)   # names and shapes must match exactly
    rows = torch.from_numpy(np.load(points))
    with torch.no_grad():
        torch_v = field(rows[:, 1:], rows[:, :1]).numpy()
    return float(np.max(np.abs(engine - torch_v))), float(np.max(np.abs(torch_v))), sorted(state)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--run", help="run folder (default: train a small one into --work)")
    parser.add_argument("--block", type=int, help="block to check (default: every block)")
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--tolerance", type=float, default=1e-5)
    parser.add_argument("--work", default=os.path.join(ROOT, "target", "state-dict-check"))
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    torch.set_num_threads(1)
    run = args.run or train_small_run(args.work)
    with open(os.path.join(run, "config.json")) as f:
        config = json.load(f)
    blocks = [args.block] if args.block else range(1, len(config["gammas"]) + 2)
    worst = 0.0
    for block in blocks:
        error, scale, names = check_block(run, config, block, args.points, args.work)
        worst = max(worst, error)
        print(f"block {block}: load_state_dict(strict=True) ok ({', '.join(names)}); "
              f"max |v_engine - v_torch| = {error:.3g} over {args.points} points (max |v| = {scale:.3g})")
    verdict = "PASS" if worst <= args.tolerance and math.isfinite(worst) else "FAIL"
    print(json.dumps({"run": run, "max_abs_error": worst, "tolerance": args.tolerance, "result": verdict}))
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
