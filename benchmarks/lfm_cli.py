"""Runs bin/lfm from the benchmark scripts: the JSON object of its last stdout line and the wall time."""
import json
import os
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LFM = os.path.join(ROOT, "bin", "lfm")


def lfm(*args):
    """(last-line JSON, whole-process seconds) of `bin/lfm ARGS`; raises with stderr's tail on failure."""
    started = time.perf_counter()
    out = subprocess.run([LFM, *map(str, args)], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"lfm {' '.join(map(str, args))} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1]), time.perf_counter() - started
