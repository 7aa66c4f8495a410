#!/usr/bin/env bash
# The reach-around-an-obstacle comparison of benchmarks/RESULTS.md: expert demonstrations (200 episodes,
# layout seed 1), then for training seeds 0, 1, 2 the LFM, FM and BC policies at the defaults of
# `lfm policy train` (18000 optimiser steps each, 3x256 ReLU MLP, lr 3e-3), the LFM policy distilled, and
# every policy on the same 50 held-out starts (layout seed 1000003, sampling seed 0). Prints one line per
# method: success rate mean ± s.d. over the seeds, evaluations and milliseconds per chunk.
#
#   benchmarks/policy/reach.sh [OUT_DIR]        (after `make package`; one CPU thread per job)
#
# The jobs of one seed run one after another; seeds run in parallel (JOBS=1 runs everything in turn).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lfm="$root/bin/lfm"
out=${1:-runs/reach-benchmark}
jobs=${JOBS:-3}
mkdir -p "$out"
"$lfm" policy demos --task reach --episodes 200 --seed 1 --out "$out/reach.npz" 2>/dev/null

one_seed() {
  local s=$1 dir="$out/seed-$1"
  mkdir -p "$dir"
  for method in lfm fm bc; do
    "$lfm" policy train --data "$out/reach.npz" --method $method --seed "$s" --threads 1 --out "$dir/$method" \
      > "$dir/$method.train.log" 2>&1
    "$lfm" policy eval --run "$dir/$method" --episodes 50 --threads 1 2>/dev/null | tail -1 > "$dir/$method.json"
  done
  "$lfm" distill --run "$dir/lfm" --steps 2000 --batch 256 --pairs 5425 --teacher-solver rk4:8 --lr 3e-3 \
    --threads 1 > "$dir/distill.log" 2>&1
  "$lfm" policy eval --run "$dir/lfm" --distilled --episodes 50 --threads 1 2>/dev/null | tail -1 \
    > "$dir/lfm-distilled.json"
}

running=0
for s in 0 1 2; do
  one_seed "$s" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

python3 - "$out" <<'EOF'
import json, statistics, sys, pathlib
out = pathlib.Path(sys.argv[1])
for method in ["lfm", "lfm-distilled", "fm", "bc"]:
    rows = [json.loads((out / f"seed-{s}" / f"{method}.json").read_text()) for s in range(3)]
    rates = [100 * r["success_rate"] for r in rows]
    print(f"{method:14s} success {statistics.mean(rates):5.1f} ± {statistics.stdev(rates):4.1f} %  "
          f"(seeds: {', '.join(f'{r:.0f}' for r in rates)})  "
          f"{rows[0]['evaluations_per_chunk']:.0f} evaluations/chunk  "
          f"{statistics.mean(r['ms_per_chunk'] for r in rows):.1f} ms/chunk")
EOF
