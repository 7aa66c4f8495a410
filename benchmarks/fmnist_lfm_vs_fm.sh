#!/usr/bin/env bash
# LFM vs global flow matching on Fashion-MNIST at equal compute (fmnist-xs UNet, same schedule shape):
# LFM 4 blocks x STEPS, FM 4*STEPS steps; then the engine's classifier, FD_cls, KID, bits/dim and the
# sample grids of both. Needs Debian's dataset-fashion-mnist and 'make package'.
#
#   benchmarks/fmnist_lfm_vs_fm.sh                      # the issue's setting: 4 x 1000 vs 4000, batch 128
#   STEPS=100 POOL=2000 N=500 benchmarks/fmnist_lfm_vs_fm.sh   # a smaller run (label it as such)
#
# Environment: STEPS (per LFM block, 1000), BATCH (128), POOL (training images pushed, 0 = all 60,000),
# PUSH (push solver, rk4:10), SAMPLE (sample solver, rk4:10), N (images for FD_cls/KID, 2000),
# BPD (test images for bits/dim, 200), CLS_STEPS (classifier steps, 2000), THREADS (0 = all cores),
# WARMUP (learning-rate warm-up steps per block, the preset's 100), OUT (folder, runs/fmnist-bench).
# A run or classifier already in OUT is reused (so the two trainings may be started apart, in parallel).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lfm="$root/bin/lfm"
STEPS=${STEPS:-1000} BATCH=${BATCH:-128} POOL=${POOL:-0} PUSH=${PUSH:-rk4:10} SAMPLE=${SAMPLE:-rk4:10}
N=${N:-2000} BPD=${BPD:-200} CLS_STEPS=${CLS_STEPS:-2000} THREADS=${THREADS:-0} OUT=${OUT:-runs/fmnist-bench}
WARMUP=${WARMUP:-100}
mkdir -p "$OUT"
common=(--data fashion-mnist --preset fmnist-xs --batch "$BATCH" --pool "$POOL" --push-solver "$PUSH"
        --sample-solver "$SAMPLE" --warmup "$WARMUP" --backend cpu --threads "$THREADS")
[ -f "$OUT/classifier.safetensors" ] || "$lfm" classifier train --data fashion-mnist --steps "$CLS_STEPS" \
    --backend cpu --threads "$THREADS" --out "$OUT/classifier.safetensors" | tail -n 1 > "$OUT/classifier.json"
[ -f "$OUT/lfm/config.json" ] || "$lfm" train "${common[@]}" --steps "$STEPS" --out "$OUT/lfm" | tail -n 1 > "$OUT/lfm.json"
[ -f "$OUT/fm/config.json" ] || "$lfm" train "${common[@]}" --method fm --steps $((4 * STEPS)) --out "$OUT/fm" \
    | tail -n 1 > "$OUT/fm.json"
for method in lfm fm; do
  "$lfm" eval --run "$OUT/$method" --classifier "$OUT/classifier.safetensors" --n "$N" --nll --bpd-images "$BPD" \
      --backend cpu --threads "$THREADS" > "$OUT/$method-eval.txt"
done
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
cls = json.load(open(f"{out}/classifier.json"))
print(f"classifier test accuracy {cls['test_accuracy']:.4f}")
print("| method | train s | FD_cls | KID ×1e3 (mean ± s.d.) | bits/dim | FD_cls floors train / noise |")
print("|---|---|---|---|---|---|")
for method in ("lfm", "fm"):
    train = json.load(open(f"{out}/{method}.json"))
    ev = json.loads(open(f"{out}/{method}-eval.txt").read().strip().splitlines()[-1])
    im, bpd = ev["images"], ev.get("bits_per_dim", {})
    g = im["generated"]
    print(f"| {method} | {train['seconds']} | {g['fd_cls']:.3f} | {1e3 * g['kid_mean']:.2f} ± {1e3 * g['kid_sd']:.2f} "
          f"| {bpd.get('mean', float('nan')):.3f} ± {bpd.get('standard_error', float('nan')):.3f} "
          f"| {im['floor_train']['fd_cls']:.3f} / {im['floor_noise']['fd_cls']:.3f} |")
PY
