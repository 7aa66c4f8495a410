#!/usr/bin/env python3
"""Side-by-side timing of lfm-engine and PyTorch on the same workloads, same machine, interleaved.

  python3 benchmarks/compare_torch.py --torch-python .venv/bin/python [--second-python /usr/bin/python3]
                                      [--rounds 5] [--workloads G,W1,W2,W3] [--threads 2]
                                      [--vector-bits 0,256] [--points 20000] [--settings-json FILE]
                                      [--json-out FILE] [--progress FILE]

The peer is a current PyTorch (2.13 CPU: MKL + oneDNN) in its own virtual environment, never the
system's; create one (PyPI, or a local wheel store with --find-links) with
  python3 -m venv .venv && .venv/bin/pip install --retries 0 torch==2.13.0+cpu numpy
(.venv is ignored by git). --second-python adds a second column, e.g. Debian's python3-torch 1.13
(/usr/bin/python3); "none" leaves it out.

1. Selection: for each PyTorch, ../shared/bench/torch_ref.py --quick runs once under every setting,
   threads {1, 2} × glibc allocator {default, tuned (MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=1e11)}
   × mode {eager: W3 by batched VJPs; fast: W1 and W2 under torch.compile, W3 by forward-mode JVPs}
   (PyTorch < 2 has neither torch.compile nor torch.func: eager only). The fastest setting of each
   workload is kept (--settings-json reuses an earlier selection: the "peers" of a --json-out, or
   {"peers": {"torch 2.13.0": {"best": {"W1": [0, {"threads": 2, "tuned": true, "mode": "fast"}]}}}}).
2. Rounds (≥ 5): per round and workload, the engine at each vector width (16 floats = the machine's
   own, 8 = -Dlfm.cpu.vectorBits=256), then each PyTorch at its best setting. G is the engine's own
   GEMMs of one W1 layer (10000×256 by 256×256: forward, dW, dx) against the same three products
   through PyTorch's `a @ b` (MKL), at the engine's thread count; with W1 also asked, the engine's G of
   a round is the one its W1 JVM measures first. --progress FILE keeps every value as it is taken.
3. Report: per workload, the median over rounds of each side, the ratio of those medians (PyTorch time
   / engine time, > 1: the engine is faster; for G engine GFLOP/s / MKL GFLOP/s) and every round's
   ratio; the machine (CPU model, vector width, clocks) with the table. The machine is shared: say so
   when quoting, and quote the per-round ratios with the medians.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# ../shared/bench/torch_ref.py beside the checkout (or beside the folder of worktrees).
DEFAULT_TORCH_REF = next((p for p in (os.path.join(ROOT, "..", "shared", "bench", "torch_ref.py"),
                                      os.path.join(ROOT, "..", "..", "shared", "bench", "torch_ref.py"))
                          if os.path.exists(p)), os.path.join(ROOT, "..", "shared", "bench", "torch_ref.py"))
TUNED_MALLOC = {"MALLOC_MMAP_MAX_": "0", "MALLOC_TRIM_THRESHOLD_": "100000000000"}
TORCH_KEYS = {"train_step": "W1", "push": "W2", "nll": "W3"}
GEMM_CODE = """
import statistics, sys, time, torch
torch.set_num_threads(int(sys.argv[1]))
g = torch.Generator().manual_seed(0)
x = torch.randn(10000, 256, generator=g); y = torch.randn(10000, 256, generator=g); w = torch.randn(256, 256, generator=g)
def run():
    x @ w.T; y.T @ x; y @ w
for _ in range(5): run()
times = []
end = time.perf_counter() + float(sys.argv[2])
while time.perf_counter() < end:
    t = time.perf_counter(); run(); times.append(time.perf_counter() - t)
print(3 * 2 * 10000 * 256 * 256 / statistics.median(times) / 1e9)
"""


def last_json(text):
    for line in reversed(text.strip().splitlines()):
        if line.strip().startswith("{"):
            return json.loads(line)
    raise RuntimeError("no JSON line in output:\n" + text[-2000:])


def run(cmd, env=None):
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{out.stderr[-3000:]}")
    return out.stdout


# ----------------------------------------------------------------- the engine
def engine(workload, threads, vector_bits, points):
    """{'seconds', 'gflops', 'g_gflops', 'record'} of one `lfm bench --workload WORKLOAD` JVM."""
    timing = {"G": ["--warmup", "2", "--repeat", "10"], "W1": ["--warmup", "2", "--repeat", "10"]}.get(
        workload, ["--warmup", "0", "--warmup-runs", "1", "--repeat", "1"])
    env = dict(os.environ)
    if vector_bits:
        env["JAVA_OPTS"] = (env.get("JAVA_OPTS", "") + f" -Dlfm.cpu.vectorBits={vector_bits}").strip()
    cmd = [os.path.join(ROOT, "bin", "lfm"), "bench", "--workload", workload, "--backend", "cpu",
           "--threads", str(threads), "--points", str(points), *timing]
    record = last_json(run(cmd, env))
    rows = {r["workload"]: r for r in record["workloads"]}
    return {"seconds": rows[workload]["ms"] / 1e3, "gflops": rows[workload]["gflops"],
            "g_gflops": rows["G"]["gflops"], "record": record}


# ----------------------------------------------------------------- PyTorch
def torch_env(threads, tuned):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads),
               OPENBLAS_NUM_THREADS=str(threads))
    if tuned:
        env.update(TUNED_MALLOC)
    return env


def torch_run(python, torch_ref, setting, only, points, quick=True):
    """{workload: seconds} of one torch_ref.py process at one setting."""
    cmd = [python, torch_ref, "--threads", str(setting["threads"]), "--only", only, "--points", str(points)]
    cmd += ["--quick"] if quick else []
    if setting["mode"] == "fast":
        cmd += ["--compile", "--vjp", "jvp"]
    seconds = {}
    for line in run(cmd, torch_env(setting["threads"], setting["tuned"])).splitlines():
        if line.startswith("{"):
            rec = json.loads(line)
            key = TORCH_KEYS[rec["workload"]]
            seconds[key] = rec["ms_per_step"] / 1e3 if key == "W1" else rec["seconds"]
    return seconds


def describe(setting):
    mode = {"eager": "eager (W3 batched VJPs)", "fast": "compiled (W3 forward-mode JVPs)"}[setting["mode"]]
    return f"{setting['threads']} thr, {'tuned' if setting['tuned'] else 'default'} malloc, {mode}"


def torch_info(python):
    code = ("import json, torch; print(json.dumps({'version': torch.__version__, "
            "'capability': getattr(getattr(torch.backends, 'cpu', None), 'get_cpu_capability', lambda: '?')(), "
            "'mkl': torch.backends.mkl.is_available(), 'compile': hasattr(torch, 'compile')}))")
    return json.loads(run([python, "-c", code]).strip().splitlines()[-1])


def select(python, torch_ref, workloads, points, info, thread_counts=(1, 2)):
    """{workload: (seconds, setting)}: each workload's fastest setting over one quick run of every setting."""
    modes = ["eager", "fast"] if info["compile"] else ["eager"]
    only = ",".join(w.lower() for w in workloads if w != "G")
    best = {}
    for threads in thread_counts:
        for tuned in (False, True):
            for mode in modes:
                setting = {"threads": threads, "tuned": tuned, "mode": mode}
                for key, seconds in torch_run(python, torch_ref, setting, only, points).items():
                    sys.stderr.write(f"  {info['version']} {key} [{describe(setting)}]: {seconds * 1e3:.1f} ms\n")
                    if key not in best or seconds < best[key][0]:
                        best[key] = (seconds, setting)
    return best


def mkl_gflops(python, threads, seconds=3.0):
    return float(run([python, "-c", GEMM_CODE, str(threads), str(seconds)],
                     torch_env(threads, False)).strip().splitlines()[-1])


# ----------------------------------------------------------------- rounds and report
def rounds(args, peers):
    """Per workload and side ('engine 16', 'engine 8', peer label): the list of per-round values.

    Every `lfm bench` JVM measures G before its workload, so when both G and W1 are asked the engine's G
    of a round is the one measured in that round's W1 JVM (one JVM fewer per width and round). Each
    value is also appended to args.progress as one JSON line the moment it is measured, so a run that is
    stopped early still leaves its completed rounds."""
    times = {}
    g_with_w1 = "G" in args.workloads and "W1" in args.workloads

    def record(r, workload, side, value):
        times.setdefault(workload, {}).setdefault(side, []).append(value)
        if args.progress:
            with open(args.progress, "a") as f:
                f.write(json.dumps({"round": r + 1, "workload": workload, "side": side, "value": value}) + "\n")

    for r in range(args.rounds):
        sys.stderr.write(f"round {r + 1} of {args.rounds}\n")
        for workload in args.workloads:
            for bits in args.vector_bits:
                if workload == "G" and g_with_w1:
                    continue
                result = engine(workload, args.threads, bits, args.points)
                lanes = result["record"]["vector_lanes"]
                value = result["g_gflops"] if workload == "G" else result["seconds"]
                if workload == "W1" and g_with_w1:
                    record(r, "G", f"engine {lanes}", result["g_gflops"])
                record(r, workload, f"engine {lanes}", value)
            for label, peer in peers.items():
                if workload == "G":
                    value = mkl_gflops(peer["python"], args.threads)
                else:
                    setting = peer["best"][workload][1]
                    value = torch_run(peer["python"], args.torch_ref, setting, workload.lower(), args.points)[workload]
                record(r, workload, label, value)
    return times


def ratio_rows(times, peers):
    """For each workload, engine width and peer: medians, ratio of medians and each round's ratio."""
    rows = []
    for workload, sides in times.items():
        for engine_side in (s for s in sides if s.startswith("engine")):
            for label in peers:
                ours, theirs = sides[engine_side], sides[label]
                if workload == "G":     # GFLOP/s: higher is better
                    ratio, per_round = statistics.median(ours) / statistics.median(theirs), [
                        o / t for o, t in zip(ours, theirs)]
                else:                   # seconds: PyTorch time / engine time
                    ratio, per_round = statistics.median(theirs) / statistics.median(ours), [
                        t / o for o, t in zip(ours, theirs)]
                rows.append({"workload": workload, "engine": engine_side, "peer": label,
                             "engine_median": statistics.median(ours), "peer_median": statistics.median(theirs),
                             "ratio_of_medians": round(ratio, 3), "ratio_per_round": [round(x, 3) for x in per_round],
                             "engine_rounds": ours, "peer_rounds": theirs})
    return rows


def print_table(rows, machine, peers):
    print(machine)
    for label, peer in peers.items():
        best = ", ".join(f"{w}: {describe(s)}" for w, (_, s) in sorted(peer["best"].items()))
        print(f"{label}: best settings {best}")
    print(f"{'work':4} {'engine':10} {'peer':14} {'engine':>10} {'peer':>10} {'ratio':>6}  per round")
    for r in rows:
        unit = "GFLOP/s" if r["workload"] == "G" else "ms"
        scale = 1 if r["workload"] == "G" else 1e3
        print(f"{r['workload']:4} {r['engine']:10} {r['peer']:14} {r['engine_median'] * scale:10.1f} "
              f"{r['peer_median'] * scale:10.1f} {r['ratio_of_medians']:6.2f}  "
              f"{', '.join(f'{x:.2f}' for x in r['ratio_per_round'])}  ({unit})")


def machine_line(args):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    info = run([os.path.join(ROOT, "bin", "lfm"), "info", "--threads", str(args.threads)])
    lines = [l.strip() for l in info.splitlines() if l.startswith(("cpu:", "sgemm:"))]
    env = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "MKL_", "OMP_"))}
    return f"machine: {cpu}, {os.cpu_count()} cores; engine {' | '.join(lines)}; env {env}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--torch-python", default=os.path.join(ROOT, ".venv", "bin", "python"),
                    help="python of the PyTorch 2.x venv (default: .venv/bin/python; see above)")
    ap.add_argument("--second-python", default="/usr/bin/python3", help="a second PyTorch column, or 'none'")
    ap.add_argument("--torch-ref", default=DEFAULT_TORCH_REF)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--workloads", default="G,W1,W2,W3")
    ap.add_argument("--threads", type=int, default=2, help="engine threads, and MKL's for G (default 2)")
    ap.add_argument("--vector-bits", default="0,256",
                    help="engine vector widths, 0 = the machine's own (default 0,256: both where AVX-512)")
    ap.add_argument("--points", type=int, default=20000, help="W2 points, both sides (default 20000)")
    ap.add_argument("--settings-json", help="reuse the PyTorch selection of an earlier --json-out")
    ap.add_argument("--select-threads", default="1,2",
                    help="PyTorch thread counts the selection tries (default 1,2; e.g. 2 for W3, whose "
                         "1-thread quick run alone takes minutes)")
    ap.add_argument("--select-only", action="store_true",
                    help="select PyTorch's settings, write them to --json-out and stop (no rounds); "
                         "merge selections of several workload sets with --settings-json")
    ap.add_argument("--json-out", help="write every measurement to this file")
    ap.add_argument("--progress", help="append each measurement to this file as one JSON line as it is taken")
    args = ap.parse_args()
    args.workloads = [w.strip().upper() for w in args.workloads.split(",")]
    args.vector_bits = [int(b) for b in args.vector_bits.split(",")]
    if args.rounds < 5:
        sys.stderr.write("note: fewer than 5 rounds; the summary needs at least 5 to be quoted\n")
    if not os.path.exists(args.torch_python):
        sys.exit(f"compare_torch.py: no PyTorch venv at {args.torch_python}: create one (see --help) "
                 "or pass --torch-python")

    started = time.strftime("%Y-%m-%d %H:%M:%S")
    machine = machine_line(args)
    pythons = {"torch": args.torch_python}
    if args.second_python != "none" and os.path.exists(args.second_python):
        pythons["second"] = args.second_python
    previous = json.load(open(args.settings_json))["peers"] if args.settings_json else {}
    peers = {}
    for role, python in pythons.items():
        info = torch_info(python)
        label = f"torch {info['version'].split('+')[0]}"
        sys.stderr.write(f"{label} ({python}): capability {info['capability']}; selecting its best settings\n")
        if label in previous:
            best = {w: (s, setting) for w, (s, setting) in previous[label]["best"].items()}
        else:
            best = select(python, args.torch_ref, args.workloads, args.points, info,
                          [int(t) for t in args.select_threads.split(",")])
        peers[label] = {"python": python, "info": info, "best": best}
    if args.select_only:
        if args.json_out:
            with open(args.json_out, "w") as f:
                json.dump({"peers": peers}, f, indent=2)
        print(json.dumps({"peers": {label: peer["best"] for label, peer in peers.items()}}))
        return
    times = rounds(args, peers)
    rows = ratio_rows(times, peers)
    print(f"started {started}, {args.rounds} interleaved rounds, engine threads {args.threads}, W2 points {args.points}")
    print_table(rows, machine, peers)
    record = {"started": started, "machine": machine, "rounds": args.rounds, "threads": args.threads,
              "points": args.points, "peers": peers, "rows": rows}
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(record, f, indent=2)
    print(json.dumps({"rows": [{k: r[k] for k in ("workload", "engine", "peer", "ratio_of_medians",
                                                  "ratio_per_round")} for r in rows]}))


if __name__ == "__main__":
    main()
