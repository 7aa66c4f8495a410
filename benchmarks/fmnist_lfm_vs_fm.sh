#!/usr/bin/env bash
# LFM vs global flow matching on Fashion-MNIST at equal compute (fmnist-xs UNet, same schedule shape):
# LFM 4 blocks x STEPS, FM 4*STEPS steps; then the engine's classifier, FD_cls, KID, bits/dim and the
# sample grids of both. Needs Debian's dataset-fashion-mnist and 'make package'.
#
#   benchmarks/fmnist_lfm_vs_fm.sh                      # the issue's setting: 4 x 1000 vs 4000, batch 128
#   STEPS=100 POOL=2000 N=500 benchmarks/fmnist_lfm_vs_fm.sh   # a smaller run (label it as such)
#
# Environment: STEPS (per LFM block, 1000), BATCH (128), POOL (training images pushed after each OU block,
# 5000; 0 = all 60,000), PUSH (push solver, rk4:10), SAMPLE (sample solver, rk4:10), N (images for
# FD_cls/KID, 2000), BPD (test images for bits/dim, 200), CLS_STEPS (classifier steps, 2000), THREADS
# (0 = all cores), WARMUP (learning-rate warm-up steps per block, the preset's 100), OUT (folder,
# runs/fmnist-bench).
#
# Stop it at any time (Ctrl-C, kill, a reboot) and start it again with the same environment: it goes on
# where it stopped. A training whose train.json says "complete" is skipped, one that is not continues
# from its last checkpoint (lfm train --resume); the classifier and each eval are skipped once their
# result file exists (results are written to a temporary name and renamed when whole). The two
# trainings may also be started apart, in parallel, with the same OUT.
#
# Why POOL is 5,000 by default: each push moves the whole pool through one block's flow (rk4:10 = 40
# UNet evaluations per image), so its cost grows with the pool; RESULTS.md (fmnist section) gives the
# measured seconds per training step and per pushed image on a 2-core CPU and the whole run's measured
# duration. POOL=0 pushes all 60,000 training images, as the authors do.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lfm="$root/bin/lfm"
STEPS=${STEPS:-1000} BATCH=${BATCH:-128} POOL=${POOL:-5000} PUSH=${PUSH:-rk4:10} SAMPLE=${SAMPLE:-rk4:10}
N=${N:-2000} BPD=${BPD:-200} CLS_STEPS=${CLS_STEPS:-2000} THREADS=${THREADS:-0} OUT=${OUT:-runs/fmnist-bench}
WARMUP=${WARMUP:-100}
mkdir -p "$OUT"
common=(--data fashion-mnist --preset fmnist-xs --batch "$BATCH" --pool "$POOL" --push-solver "$PUSH"
        --sample-solver "$SAMPLE" --warmup "$WARMUP" --backend cpu --threads "$THREADS")

# Runs "$@" and keeps its last stdout line in FILE, renamed into place only when the command succeeded.
keep_last_line() {
  local file=$1; shift
  "$@" | tail -n 1 > "$file.partial"
  mv "$file.partial" "$file"
}

# Trains run DIR (lfm or fm) to completion: fresh, resumed from its checkpoint, or skipped when complete.
train() {
  local method=$1; shift
  local run="$OUT/$method"
  if [ -f "$run/train.json" ] && grep -q '"status" : "complete"' "$run/train.json"; then
    echo "$run: complete, skipped" >&2
  elif [ -f "$run/config.json" ]; then
    echo "$run: resuming from its last checkpoint" >&2
    "$lfm" train --resume --out "$run" --backend cpu --threads "$THREADS" > /dev/null
  else
    "$lfm" train "${common[@]}" "$@" --out "$run" > /dev/null
  fi
}

[ -f "$OUT/classifier.json" ] || keep_last_line "$OUT/classifier.json" "$lfm" classifier train --data fashion-mnist \
    --steps "$CLS_STEPS" --backend cpu --threads "$THREADS" --out "$OUT/classifier.safetensors"
train lfm --steps "$STEPS"
train fm --method fm --steps $((4 * STEPS))
for method in lfm fm; do
  [ -f "$OUT/$method-eval.txt" ] && continue
  "$lfm" eval --run "$OUT/$method" --classifier "$OUT/classifier.safetensors" --n "$N" --nll --bpd-images "$BPD" \
      --backend cpu --threads "$THREADS" > "$OUT/$method-eval.txt.partial"
  mv "$OUT/$method-eval.txt.partial" "$OUT/$method-eval.txt"
done
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
cls = json.load(open(f"{out}/classifier.json"))
print(f"classifier test accuracy {cls['test_accuracy']:.4f}")
print("| method | train s | FD_cls | KID (mean ± s.d.) | bits/dim | FD_cls floors train / noise |")
print("|---|---|---|---|---|---|")
for method in ("lfm", "fm"):
    # train.json covers every session of a resumed run: the blocks' training and push seconds.
    blocks = json.load(open(f"{out}/{method}/train.json"))["blocks"]
    seconds = round(sum(b.get("train_seconds", 0) + b.get("push_seconds", 0) for b in blocks))
    ev = json.loads(open(f"{out}/{method}-eval.txt").read().strip().splitlines()[-1])
    im, bpd = ev["images"], ev.get("bits_per_dim", {})
    g = im["generated"]
    print(f"| {method} | {seconds} | {g['fd_cls']:.3f} | {g['kid_mean']:.2f} ± {g['kid_sd']:.2f} "
          f"| {bpd.get('mean', float('nan')):.3f} ± {bpd.get('standard_error', float('nan')):.3f} "
          f"| {im['floor_train']['fd_cls']:.3f} / {im['floor_noise']['fd_cls']:.3f} |")
PY
