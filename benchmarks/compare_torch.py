#!/usr/bin/python3
"""Side-by-side timing of lfm-engine and PyTorch on the same workloads, on the same machine, in one run.

  /usr/bin/python3 benchmarks/compare_torch.py [--threads 2] [--torch-ref ../shared/bench/torch_ref.py]
                                               [--quick] [--json-out FILE] [--interleave ROUNDS]

Runs, in turn:
  1. numpy's OpenBLAS SGEMM on the W1 shapes (the machine's practical fp32 GEMM rate),
  2. `bin/lfm bench --workload all` (the engine; its last stdout line is one JSON object),
  3. the PyTorch reference (torch_ref.py) at 1 and 2 threads, with glibc's allocator default and
     tuned (MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000), keeping PyTorch's best per workload,
then prints one table of times and ratios (PyTorch time / engine time: > 1 means the engine is faster)
and the engine's W1 rate as a share of the OpenBLAS SGEMM rate.

--interleave R: on a shared machine whose load drifts over minutes, the default order (all of the
engine, then all of PyTorch) can favour either side. This mode runs R rounds of, per workload, the
engine then PyTorch at one setting (--torch-threads, --torch-malloc; by default the one the full
mode found best on every run here: 2 threads, tuned malloc), and reports per workload the median over rounds of each
side and of the per-round ratios. Needs Debian's python3-torch,
python3-numpy and libopenblas0-pthread under /usr/bin/python3.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TUNED_MALLOC = {"MALLOC_MMAP_MAX_": "0", "MALLOC_TRIM_THRESHOLD_": "100000000000"}


def last_json(text):
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError("no JSON line in output:\n" + text[-2000:])


def numpy_sgemm(threads, seconds=3.0):
    """GFLOP/s of OpenBLAS SGEMM through numpy on the three GEMM shapes of a W1 hidden layer."""
    code = f"""
import time, numpy as np
rng = np.random.default_rng(0)
x = rng.standard_normal((10000, 256), dtype=np.float32)
w = rng.standard_normal((256, 256), dtype=np.float32)
def run():
    y = x @ w.T; g = y.T @ x; d = y @ w
for _ in range(5): run()
best = []
end = time.perf_counter() + {seconds}
while time.perf_counter() < end:
    t = time.perf_counter(); run(); best.append(time.perf_counter() - t)
best.sort()
print(3 * 2 * 10000 * 256 * 256 / best[len(best) // 2] / 1e9)
"""
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    out = subprocess.run(["/usr/bin/python3", "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def engine(threads, workload="all", timing=()):
    """The last JSON line of `lfm bench --workload WORKLOAD` (timing: extra --warmup/--repeat flags)."""
    cmd = [os.path.join(ROOT, "bin", "lfm"), "bench", "--workload", workload, "--backend", "cpu",
           "--threads", str(threads), *timing]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("lfm bench failed:\n" + out.stderr[-3000:])
    sys.stderr.write(out.stdout)
    return last_json(out.stdout)


def setting_name(threads, tuned):
    return f"{threads} thread{'s' if threads > 1 else ''}{', tuned malloc' if tuned else ''}"


def torch_run(torch_ref, threads, tuned, quick, only=None):
    """{workload: median seconds} of one torch_ref.py run at one (threads, allocator) setting."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    if tuned:
        env.update(TUNED_MALLOC)
    cmd = ["/usr/bin/python3", torch_ref, "--threads", str(threads)]
    cmd += (["--quick"] if quick else []) + (["--only", only] if only else [])
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("torch_ref.py failed:\n" + out.stderr[-3000:])
    seconds = {}
    for line in out.stdout.splitlines():
        rec = json.loads(line)
        key = {"train_step": "W1", "push": "W2", "nll": "W3"}[rec["workload"]]
        seconds[key] = rec["ms_per_step"] / 1e3 if key == "W1" else rec["seconds"]
        sys.stderr.write(f"torch {key} [{setting_name(threads, tuned)}]: {seconds[key] * 1e3:.1f} ms\n")
    return seconds


def torch_runs(torch_ref, quick):
    """Every (threads, allocator) setting; returns {workload: (seconds, setting)} of the best."""
    best = {}
    for threads in (1, 2):
        for tuned in (False, True):
            for key, seconds in torch_run(torch_ref, threads, tuned, quick).items():
                if key not in best or seconds < best[key][0]:
                    best[key] = (seconds, setting_name(threads, tuned))
    return best


def interleaved(args):
    """R rounds of engine-then-PyTorch per workload; medians over rounds."""
    import statistics
    workloads = ("W1", "W2", "W3")
    tuned = args.torch_malloc == "tuned"
    setting = setting_name(args.torch_threads, tuned)
    engine_s = {w: [] for w in workloads}
    torch_s = {w: [] for w in workloads}
    w1_gflops = []
    blas = []
    for _ in range(args.interleave):
        blas.append(numpy_sgemm(2, seconds=2.0))
        for w in workloads:
            # W2 and W3 take tens of seconds a run: the bench's two warm-up runs suffice.
            timing = ("--warmup", "1", "--repeat", "8") if w == "W1" else ("--warmup", "0", "--repeat", "1")
            rec = next(r for r in engine(args.threads, w, timing)["workloads"] if r["workload"] == w)
            engine_s[w].append(rec["ms"] / 1e3)
            if w == "W1":
                w1_gflops.append(rec["gflops"])
            torch_s[w].append(torch_run(args.torch_ref, args.torch_threads, tuned, True, only=w.lower())[w])
    rows = []
    for w in workloads:
        ratios = [t / e for e, t in zip(engine_s[w], torch_s[w])]
        rows.append({"workload": w, "engine_ms": round(statistics.median(engine_s[w]) * 1e3, 3),
                     "torch_ms": round(statistics.median(torch_s[w]) * 1e3, 3),
                     "speedup": round(statistics.median(ratios), 3), "ratios": [round(x, 3) for x in ratios]})
    print(f"{args.interleave} interleaved rounds; PyTorch at {setting}; "
          f"OpenBLAS SGEMM (2 threads) per round: {', '.join(f'{b:.1f}' for b in blas)} GFLOP/s")
    print(f"{'work':5} {'engine ms':>10} {'PyTorch ms':>11} {'speed-up':>9}  per round")
    for r in rows:
        print(f"{r['workload']:5} {r['engine_ms']:10.1f} {r['torch_ms']:11.1f} {r['speedup']:8.2f}x  "
              f"{', '.join(f'{x:.2f}' for x in r['ratios'])}")
    w1 = statistics.median(w1_gflops)
    print(f"W1: {w1:.1f} GFLOP/s = {100 * w1 / statistics.median(blas):.0f}% of the median "
          f"OpenBLAS SGEMM rate ({statistics.median(blas):.1f})")
    record = {"mode": "interleaved", "rounds": args.interleave, "torch_setting": setting,
              "openblas_sgemm_gflops_2_threads": blas, "rows": rows}
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(record, f, indent=2)
    print(json.dumps(record))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=2, help="engine threads (default 2)")
    ap.add_argument("--torch-ref", default=os.path.join(ROOT, "..", "shared", "bench", "torch_ref.py"))
    ap.add_argument("--quick", action="store_true", help="fewer repetitions everywhere")
    ap.add_argument("--json-out", help="also write the combined record to this file")
    ap.add_argument("--engine-json", help="reuse the last JSON line of an earlier `lfm bench --workload all` "
                                          "instead of running it again (the W3 bench takes minutes)")
    ap.add_argument("--interleave", type=int, default=0, metavar="ROUNDS",
                    help="alternate engine and PyTorch per workload for ROUNDS rounds (see above)")
    ap.add_argument("--torch-threads", type=int, default=2, help="PyTorch threads for --interleave (default 2)")
    ap.add_argument("--torch-malloc", choices=("tuned", "default"), default="tuned",
                    help="PyTorch's allocator setting for --interleave (default tuned)")
    args = ap.parse_args()
    if args.interleave:
        interleaved(args)
        return

    started = time.strftime("%Y-%m-%d %H:%M:%S")
    blas = {t: numpy_sgemm(t) for t in (1, 2)}
    if args.engine_json:
        with open(args.engine_json) as f:
            ours = last_json(f.read())
    else:
        ours = engine(args.threads, timing=("--warmup", "1", "--repeat", "3") if args.quick else ())
    theirs = torch_runs(args.torch_ref, args.quick)

    rows = []
    for rec in ours["workloads"]:
        name = rec["workload"]
        if name not in theirs:
            continue
        seconds = rec["ms"] / 1e3
        torch_seconds, setting = theirs[name]
        rows.append({"workload": name, "engine_ms": rec["ms"], "torch_ms": round(torch_seconds * 1e3, 3),
                     "torch_setting": setting, "speedup": round(torch_seconds / seconds, 3),
                     "engine_gflops": rec["gflops"]})
    w1 = next(r for r in ours["workloads"] if r["workload"] == "W1")
    best_blas = max(blas.values())
    print(f"machine: {ours['cpu']}, engine threads {ours['threads']}, started {started}")
    print(f"OpenBLAS SGEMM (numpy, W1 shapes): {blas[1]:.1f} GFLOP/s on 1 thread, {blas[2]:.1f} on 2")
    print(f"engine G (its own GEMMs): {ours['measured_gemm_gflops']:.1f} GFLOP/s")
    print(f"{'work':5} {'engine ms':>10} {'PyTorch ms':>11} {'speed-up':>9}  PyTorch at its best")
    for r in rows:
        print(f"{r['workload']:5} {r['engine_ms']:10.1f} {r['torch_ms']:11.1f} {r['speedup']:8.2f}x  {r['torch_setting']}")
    share = w1["gflops"] / best_blas
    print(f"W1: {w1['gflops']:.1f} GFLOP/s = {100 * share:.0f}% of the OpenBLAS SGEMM rate ({best_blas:.1f})")
    record = {"started": started, "engine": ours, "torch_best": {k: {"ms": v[0] * 1e3, "setting": v[1]}
                                                                  for k, v in theirs.items()},
              "openblas_sgemm_gflops": blas, "rows": rows, "w1_share_of_openblas": share}
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(record, f, indent=2)
    print(json.dumps({"rows": rows, "w1_share_of_openblas": round(share, 3), "openblas_sgemm_gflops": blas}))


if __name__ == "__main__":
    main()
