#!/usr/bin/env bash
# The PyBullet policy benchmark of benchmarks/RESULTS.md, end to end: for each task (lift, pickplace,
# push) 200 scripted-expert demonstrations (layout seed 0), the expert on 50 held-out starts (layout
# seed 1000), then for each training seed the LFM, FM and BC policies at the defaults of `lfm policy
# train` and the LFM policy distilled (`lfm distill`), each evaluated by harness.py through `lfm policy
# serve` on the same 50 held-out starts. One JSON line per evaluation lands in OUT_DIR/results.jsonl and
# a table (success per seed, mean ± s.d., evaluations and milliseconds per chunk) is printed at the end.
#
#   benchmarks/policy/bullet.sh [OUT_DIR]     (after `make package`)
#   TASKS="push" SEEDS="0" benchmarks/policy/bullet.sh runs/bullet-push     (a subset)
#
# PYTHON names an interpreter with numpy and pybullet 3.2.7; to make one:
#   python3 -m venv .venv && .venv/bin/pip install --retries 0 numpy pybullet==3.2.7
# Everything runs one job at a time, with one CPU thread per Java process.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lfm="$root/bin/lfm"
python=${PYTHON:-$root/.venv/bin/python}
out=$(mkdir -p "${1:-runs/bullet-benchmark}" && cd "${1:-runs/bullet-benchmark}" && pwd)
tasks=${TASKS:-lift pickplace push}
seeds=${SEEDS:-0 1 2}
harness() {  # TASK LABEL [harness options]
  local task=$1 label=$2
  shift 2
  (cd "$root/benchmarks/policy" && "$python" harness.py --task "$task" --episodes 50 --seed 1000 \
    --label "$label" "$@" 2>>"$out/harness.log" | tail -1 >> "$out/results.jsonl")
}
for task in $tasks; do
  demos="$out/$task.npz"
  if [ ! -f "$demos" ]; then
    (cd "$root/benchmarks/policy" && "$python" make_demos.py --task "$task" --episodes 200 --seed 0 --out "$demos")
    harness "$task" expert --policy expert
  fi
  for s in $seeds; do
    dir="$out/$task/seed-$s"
    mkdir -p "$dir"
    for method in lfm fm bc; do
      if [ ! -f "$dir/$method/policy.json" ]; then
        "$lfm" policy train --data "$demos" --method $method --seed "$s" --threads 1 --out "$dir/$method" \
          > "$dir/$method.train.log" 2>&1
        harness "$task" "$method seed $s" --serve "$lfm policy serve --run $dir/$method --threads 1"
      fi
    done
    if [ ! -f "$dir/distill.log" ]; then
      "$lfm" distill --run "$dir/lfm" --steps 2000 --batch 256 --pairs 10000 --teacher-solver rk4:8 --lr 3e-3 \
        --threads 1 > "$dir/distill.log" 2>&1
      harness "$task" "lfm-distilled seed $s" --serve "$lfm policy serve --run $dir/lfm --distilled --threads 1"
    fi
  done
done

"$python" - "$out/results.jsonl" <<'PYTHON'
import collections, json, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    if line.strip():
        result = json.loads(line)
        rows[(result["task"], result["label"].split(" seed ")[0])].append(result)
for (task, policy), results in sorted(rows.items()):
    rates = [100 * r["success_rate"] for r in results]
    spread = f" ± {statistics.stdev(rates):4.1f}" if len(rates) > 1 else ""
    timing = ""
    if "evaluations_per_chunk" in results[0]:
        timing = (f"  {results[0]['evaluations_per_chunk']:.0f} evaluations/chunk"
                  f"  {statistics.mean(r['ms_per_chunk_single'] for r in results):.1f} ms/chunk (one episode)")
    print(f"{task:10s} {policy:14s} {statistics.mean(rates):5.1f}{spread} %"
          f"  (seeds: {', '.join(f'{r:.0f}' for r in rates)}){timing}")
PYTHON
