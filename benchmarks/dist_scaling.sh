#!/usr/bin/env bash
# Weak and strong scaling of the W1 training step (3×256 Softplus MLP, 2D) over P = 1 and 2 MPI ranks of
# one CPU thread each, and the time of the rank-order all-reduce of its gradient (lfm.bench.DistributedStepBench).
# The three settings alternate within each round (the machine's load drifts); the summary gives the median
# of each and the ratios of medians. Needs target/lfm-engine.jar (make package) and Open MPI's mpirun.
#   benchmarks/dist_scaling.sh [ROUNDS=5] [STEPS=20] [BATCH=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}; steps=${2:-20}; batch=${3:-10000}
java="$(bin/find-jdk)/bin/java"
mpirun=(mpirun --oversubscribe --bind-to none --mca btl self,vader --mca oob_tcp_if_include lo)
[ "$(id -u)" = 0 ] && mpirun+=(--allow-run-as-root)
bench=("$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp target/lfm-engine.jar
       lfm.bench.DistributedStepBench)
out=$(mktemp)
for round in $(seq 1 "$rounds"); do
  for setting in "1 $batch" "2 $batch" "2 $((2 * batch))"; do
    set -- $setting
    line=$("${mpirun[@]}" -np "$1" "${bench[@]}" "$2" "$steps" 1 2>/dev/null | grep '^{')
    echo "round $round: $line" | tee -a "$out"
  done
done
python3 - "$out" "$batch" <<'PY'
import json, statistics, sys
rows = [json.loads(line.split(": ", 1)[1]) for line in open(sys.argv[1])]
batch = int(sys.argv[2])
def median(ranks, global_batch, key):
    return statistics.median(r[key] for r in rows if r["ranks"] == ranks and r["global_batch"] == global_batch)
one, strong, weak = (median(1, batch, "step_ms"), median(2, batch, "step_ms"), median(2, 2 * batch, "step_ms"))
print(f"median step: P=1 B={batch}: {one:.1f} ms; P=2 B={batch} (strong): {strong:.1f} ms; P=2 B={2*batch} (weak): {weak:.1f} ms")
print(f"strong-scaling speed-up (P=1 / P=2 at B={batch}): {one / strong:.2f}x; weak-scaling efficiency (P=1 B / P=2 2B time): {one / weak:.2f}")
print(f"all-reduce of {rows[0]['allreduce_bytes']} bytes, P=2: median {median(2, batch, 'allreduce_ms'):.3f} ms per step")
PY
rm -f "$out"
