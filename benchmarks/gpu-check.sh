#!/usr/bin/env bash
# The GPU check, for a machine with an NVIDIA GPU and CUDA but no JDK or Maven: runs from the `make dist`
# bundle (dist/lfm), carried there.
#   1. `lfm info` (the GPU, or why none) and nvidia-smi's view
#   2. `lfm gpu-check --bench`: Philox words equal to Java's bit for bit, every op of the CUDA backend
#      against the reference backend (sizes 1, 7, 33, 1000, 4097), a 200-step training run whose loss
#      trace must match the CPU run's within 1e-3 relative per step, then timings of
#        W1        2D training step, 3x256 Softplus(20), batch 10,000 (the GPU tests' workload shape)
#        W1 large  batch 100,000, width 1024, against its matrix products alone (the cuBLAS limit)
#        W2        classic RK4 push, 20 steps, 1,000,000 points
#   3. the same W1 and W2 through PyTorch on this machine (torch_ref.py --device cuda), side by side
#   4. one table: lfm vs PyTorch eager, with the issue's goals (W1 >= 2x PyTorch; W1 large >= 50% of
#      the cuBLAS-limited rate)
# Usage (from the repository root or anywhere):
#   benchmarks/gpu-check.sh [BUNDLE]        BUNDLE defaults to the dist/lfm this script sits in, else ./dist/lfm
# Environment: OUT (folder for the logs; default a temp folder), TORCH_REF (path of torch_ref.py),
# LFM_CUDA_LIBS (extra folders holding libcudart/libcublas), PYTHON (default python3), LFM_GPU_CHECK_ARGS
# (replaces "--bench --against cpu", e.g. for a dry run on the CPU emulator).
# Exit status: 0 when every check passed (timings never fail the script), 1 otherwise.
set -uo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
bundle=${1:-}
if [ -z "$bundle" ]; then
  if [ -x "$here/../bin/lfm" ] && [ -d "$here/../runtime" ]; then bundle="$here/.."; else bundle="$here/../dist/lfm"; fi
fi
bundle=$(cd "$bundle" 2>/dev/null && pwd) || { echo "gpu-check: no bundle at ${1:-$here/../dist/lfm}; build it with 'make dist'" >&2; exit 1; }
lfm="$bundle/bin/lfm"
logs=${OUT:-$(mktemp -d)}
python=${PYTHON:-python3}
mkdir -p "$logs"
echo "gpu-check: bundle $bundle, logs in $logs"

# cuBLAS may only exist inside PyTorch's pip wheels: add their lib folders (lfm also scans the usual places).
if command -v "$python" >/dev/null 2>&1; then
  nvidia_libs=$("$python" - <<'PY' 2>/dev/null
import glob, os
try:
    import nvidia
    roots = list(nvidia.__path__)
except Exception:
    roots = []
print(":".join(sorted({d for r in roots for d in glob.glob(os.path.join(r, "*", "lib"))})))
PY
)
  [ -n "$nvidia_libs" ] && export LFM_CUDA_LIBS="${LFM_CUDA_LIBS:+$LFM_CUDA_LIBS:}$nvidia_libs"
fi

echo "== lfm info"
"$lfm" info 2>&1 | tee "$logs/info.txt"
command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm --format=csv 2>&1 | tee "$logs/nvidia-smi.txt"

echo "== lfm gpu-check --bench"
"$lfm" gpu-check ${LFM_GPU_CHECK_ARGS:---bench --against cpu} 2> >(tee "$logs/gpu-check.err" >&2) | tee "$logs/lfm.jsonl"
status=${PIPESTATUS[0]}

echo "== PyTorch on this machine (torch_ref.py --device cuda)"
torch_ref=""
for candidate in "${TORCH_REF:-}" "$bundle/benchmarks/torch_ref.py" "$here/../shared/bench/torch_ref.py" \
                 "$here/../../shared/bench/torch_ref.py" "$PWD/shared/bench/torch_ref.py"; do
  if [ -n "$candidate" ] && [ -f "$candidate" ]; then torch_ref=$candidate; break; fi
done
if [ -n "$torch_ref" ] && command -v "$python" >/dev/null 2>&1; then
  PYTHONUNBUFFERED=1 "$python" "$torch_ref" --device cuda --only w1,w2 --points 1000000 2> "$logs/torch.err" | tee "$logs/torch.jsonl"
  [ -s "$logs/torch.jsonl" ] || tail -5 "$logs/torch.err"
else
  echo "gpu-check: torch_ref.py or $python not found: no PyTorch column" | tee "$logs/torch.err"
  : > "$logs/torch.jsonl"
fi

echo "== table"
if command -v "$python" >/dev/null 2>&1; then
  "$python" - "$logs/lfm.jsonl" "$logs/torch.jsonl" <<'PY' | tee "$logs/table.md"
import json, sys
def load(path):
    rows = []
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            try: rows.append(json.loads(line))
            except ValueError: pass
    return rows
lfm, torch = load(sys.argv[1]), load(sys.argv[2])
checks = [r for r in lfm if "check" in r]
work = {r["workload"]: r for r in lfm if "workload" in r}
ref = {r["workload"]: r for r in torch if "workload" in r}
device = (ref.get("train_step") or {}).get("device", "GPU")
print(f"| check | result |\n|---|---|")
for c in checks:
    extra = {k: v for k, v in c.items() if k not in ("check", "passed")}
    print(f"| {c['check']} | {'passed' if c['passed'] else 'FAILED'} {extra} |")
summary = [r for r in lfm if "gpu_check" in r]
print(f"| overall | {summary[-1]['gpu_check'] if summary else 'did not finish'} |\n")
print(f"| workload ({device}) | lfm cuda | PyTorch eager cuda | lfm / PyTorch | goal |\n|---|---|---|---|---|")
w1, t1 = work.get("train_step"), ref.get("train_step")
if w1:
    tv = t1["steps_per_s"] if t1 else None
    ratio = f"{w1['steps_per_s'] / tv:.2f}x" if tv else "n/a"
    print(f"| W1 steps/s, batch 10k, 3x256 Softplus | {w1['steps_per_s']:.1f} ({w1['ms_per_step']:.3f} ms) | "
          f"{tv if tv else 'n/a'} | {ratio} | >= 2x |")
    print(f"| W1 back-to-back steps/s (no sync between steps) | {w1['burst_steps_per_s']:.1f} | | | |")
wl = work.get("train_step_large")
if wl:
    print(f"| W1 batch 100k, width 1024: ms/step; matmuls alone | {wl['ms_per_step']:.3f}; {wl['matmul_only_ms']:.3f} | | "
          f"{wl['share_of_cublas_limit']:.0%} of the cuBLAS-limited rate | >= 50% |")
w2, t2 = work.get("push"), ref.get("push")
if w2:
    tv = t2["seconds"] if t2 else None
    ratio = f"{tv / w2['seconds']:.2f}x faster" if tv else "n/a"
    print(f"| W2 RK4 push, 1M points, 80 evaluations: s | {w2['seconds']:.3f} | {tv if tv else 'n/a'} | {ratio} | |")
for name in ("CONV0-F", "CONV0-D", "CONV0-W", "CONV2-F", "CONV2-D", "CONV2-W"):
    c = work.get(name)
    if c:
        print(f"| {name}: {c['description']}: ms, GFLOP/s | {c['ms']:.3f}, {c['gflops']:.0f} | | | |")
for name in ("UNET-T8", "UNET-XS", "UNET-S"):
    u = work.get(name)
    if u:
        print(f"| {name} training step, batch 128: ms, step MiB | {u['ms_per_step']:.2f}, {u['step_mib']:.0f} | | | |")
PY
else
  cat "$logs/lfm.jsonl" "$logs/torch.jsonl"
fi
exit $status
