#!/usr/bin/env python3
"""The 3×3 convolution's GFLOP/s against the engine's own SGEMM rate on the same shape, side by side.

Each round runs `bin/lfm bench` once over the fmnist-s convolutions at batch 128 (CONV0-F|D|W: level 0,
28×28, 64 → 32 channels; CONV2-F|D|W: level 2, 7×7, 64 → 64) and the plain SGEMM each amounts to
(SGEMM0, SGEMM2: B·H·W × C_out × 9·C_in, the im2col matrix materialised), the order reversed every other
round so that neither side always runs first. Prints every round, then the ratio of the median GFLOP/s
of each pass to the median SGEMM rate of its level (issue 15's goal: forward ≥ 0.60). Last line: JSON.

Needs only the engine jar (`make package`) and a Python 3; no packages.
  python3 benchmarks/conv_gemm_rounds.py --rounds 5 --threads 2
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKLOADS = ["CONV0-F", "SGEMM0", "CONV0-D", "CONV0-W", "CONV2-F", "SGEMM2", "CONV2-D", "CONV2-W"]


def one_round(order, threads, warmup, repeat):
    """GFLOP/s of each workload (median of `repeat` runs inside one JVM)."""
    out = subprocess.run([os.path.join(ROOT, "bin", "lfm"), "bench", "--workload", ",".join(order), "--threads",
                          str(threads), "--warmup", str(warmup), "--repeat", str(repeat)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"engine bench failed:\n{out.stderr[-3000:]}")
    record = json.loads(out.stdout.strip().splitlines()[-1])
    return {w["workload"]: w["gflops"] for w in record["workloads"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=2, help="warm-up seconds per workload and round")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per workload and round")
    args = parser.parse_args()
    rounds = []
    for r in range(args.rounds):
        order = WORKLOADS if r % 2 == 0 else list(reversed(WORKLOADS))
        gflops = one_round(order, args.threads, args.warmup, args.repeat)
        rounds.append(gflops)
        print(f"round {r + 1}: " + ", ".join(f"{w} {gflops[w]:.1f}" for w in WORKLOADS), file=sys.stderr)
    medians = {w: statistics.median(g[w] for g in rounds) for w in WORKLOADS}
    ratios = {w: medians[w] / medians["SGEMM" + w[4]] for w in WORKLOADS if w.startswith("CONV")}
    for w, ratio in ratios.items():
        print(f"{w}: median {medians[w]:.1f} GFLOP/s = {ratio:.3f} × SGEMM{w[4]} ({medians['SGEMM' + w[4]]:.1f})",
              file=sys.stderr)
    print(json.dumps({"threads": args.threads, "rounds": rounds, "median_gflops": medians,
                      "ratio_to_sgemm": ratios}))


if __name__ == "__main__":
    main()
