#!/usr/bin/env python3
"""Reads a run's TensorBoard log (RUN/tb) with TensorBoard's own reader and checks every value in it.

Expected values come from the run folder's other files:
  block_NN/loss, block_NN/learning_rate, block_NN/gradient_norm    loss.csv rows of block NN, at their step
  run/loss                                                          loss.csv, at step (NN - 1) * steps + step
  block_NN/steps_per_second        at every logged step, positive; within 25% of the rate derived from
                                   loss.csv's seconds column (intervals after the first of a block)
  blocks/*                         train.json "blocks" entries, at step = block number
  eval/*, eval_floor/*, eval_blocks/*, ...    eval.json (when the run was evaluated)
  figures/samples, figures/blocks, figures/loss    the bytes of samples.png, blocks.png, loss.png
No tag may hold a step twice or a step that is not expected. Values are compared as TensorBoard
stores them (32-bit floats) against the files' decimal text (loss.csv keeps 6 significant digits).

The reader is tensorboard's plugin_event_accumulator (what the TensorBoard server's Python path uses,
after migrating simple_value scalars and legacy images to tensors). With --serve the script also
starts `tensorboard --load_fast=true` (the Rust data server) on a free local port and asks its HTTP
API for every scalar tag and one image, so the check covers what a person sees.

Environment: TensorBoard 2.21 in any Python 3 venv, for example
    python3 -m venv .venv && .venv/bin/pip install --retries 0 tensorboard==2.21.0
Usage:
    .venv/bin/python benchmarks/tensorboard_check.py runs/<name> [--serve]
Prints a summary and one JSON line last; exits 1 when any value is missing, wrong or unexpected.
"""
import argparse
import csv
import json
import math
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from tensorboard.backend.event_processing import plugin_event_accumulator as accumulator
from tensorboard.util import tensor_util

FIGURES = ("samples", "blocks", "loss")


def read_log(log_dir):
    events = accumulator.EventAccumulator(log_dir, size_guidance={accumulator.TENSORS: 0})
    events.Reload()
    series = {}
    for tag in events.Tags()["tensors"]:
        series[tag] = [(e.step, tensor_util.make_ndarray(e.tensor_proto)) for e in events.Tensors(tag)]
    return series


def expected_values(run):
    """tag -> {step: value} of every scalar the log must hold; and the step of the figures."""
    expected = {}
    config = json.load(open(os.path.join(run, "config.json")))
    if "spec" in config:   # the grouped config.json (format 2 and later); format 1 was flat
        config = dict(config["spec"]["flow"], **config["spec"]["optimization"])
    steps_per_block = config["stepsPerBlock"]
    rows = list(csv.DictReader(open(os.path.join(run, "loss.csv"))))
    for row in rows:
        block, step = int(row["block"]), int(row["step"])
        prefix = "block_%02d/" % block
        expected.setdefault(prefix + "loss", {})[step] = float(row["loss"])
        expected.setdefault(prefix + "learning_rate", {})[step] = float(row["learning_rate"])
        expected.setdefault(prefix + "gradient_norm", {})[step] = float(row["gradient_norm"])
        expected.setdefault("run/loss", {})[(block - 1) * steps_per_block + step] = float(row["loss"])
    train = json.load(open(os.path.join(run, "train.json")))
    for entry in train["blocks"]:
        n = entry["block"]
        for name in ("train_seconds", "push_seconds", "push_evaluations", "final_loss",
                     "step_energy_distance", "noise_energy_distance"):
            expected.setdefault("blocks/" + name, {})[n] = float(entry[name])
    blocks = len(config["gammas"]) + 1
    last_step = blocks * steps_per_block
    for name, distilled in (("eval.json", False), ("eval-distilled.json", True)):
        path = os.path.join(run, name)
        if os.path.exists(path):
            add_eval(expected, json.load(open(path)), "eval_distilled" if distilled else "eval", last_step)
    return expected, rows, last_step


def add_eval(expected, report, prefix, last_step):
    for group, suffix in (("metrics", ""), ("metrics_floor", "_floor")):
        for metric in ("energy_distance", "mmd_squared", "sliced_wasserstein1"):
            if metric in report.get(group, {}):
                expected.setdefault("%s%s/%s" % (prefix, suffix, metric), {})[last_step] = report[group][metric]
    if "nll" in report:
        expected.setdefault(prefix + "/nll", {})[last_step] = report["nll"]["mean"]
        expected.setdefault(prefix + "/nll_standard_error", {})[last_step] = report["nll"]["standard_error"]
    blocks = report.get("blocks", {})
    for n, value in enumerate(blocks.get("step_energy_distances", []), start=1):
        expected.setdefault(prefix + "_blocks/step_energy_distance", {})[n] = value
    if "noise_energy_distance" in blocks:
        expected.setdefault(prefix + "/noise_energy_distance", {})[last_step] = blocks["noise_energy_distance"]
        expected.setdefault(prefix + "/round_trip_rms", {})[last_step] = blocks["round_trip_rms"]


def close(found, wanted):
    """float32 storage of a value given with >= 6 significant digits."""
    if math.isnan(wanted):
        return math.isnan(found)
    return abs(found - wanted) <= 1e-5 * abs(wanted) + 1e-12


def check(run):
    series = read_log(os.path.join(run, "tb"))
    expected, rows, last_step = expected_values(run)
    problems, checked = [], 0
    for tag, values in sorted(expected.items()):
        found = series.get(tag)
        if found is None:
            problems.append("%s: missing" % tag)
            continue
        steps = [step for step, _ in found]
        if len(steps) != len(set(steps)):
            problems.append("%s: a step appears twice" % tag)
        if sorted(steps) != sorted(values):
            problems.append("%s: steps %s, expected %s" % (tag, short(sorted(steps)), short(sorted(values))))
        for step, value in found:
            if step in values and not close(float(value), values[step]):
                problems.append("%s at step %d: %r, expected %r" % (tag, step, float(value), values[step]))
            checked += 1
    checked += check_rates(series, rows, problems)
    checked += check_figures(run, series, last_step, problems)
    known = set(expected) | {t for t in series if t.endswith("/steps_per_second")} | {"figures/" + f for f in FIGURES}
    for tag in sorted(set(series) - known):
        problems.append("%s: not expected" % tag)
    return series, checked, problems


def check_rates(series, rows, problems):
    checked = 0
    previous = {}
    for row in rows:
        block, step, seconds = int(row["block"]), int(row["step"]), float(row["seconds"])
        tag = "block_%02d/steps_per_second" % block
        logged = dict(series.get(tag, []))
        if step not in logged:
            problems.append("%s: no value at step %d" % (tag, step))
            continue
        rate = float(logged[step])
        checked += 1
        if not rate > 0:
            problems.append("%s at step %d: %r" % (tag, step, rate))
        if block in previous and seconds > previous[block][1]:
            derived = (step - previous[block][0]) / (seconds - previous[block][1])
            if abs(rate - derived) > 0.25 * derived:
                problems.append("%s at step %d: %.4g, loss.csv's times give %.4g" % (tag, step, rate, derived))
        previous[block] = (step, seconds)
    return checked


def check_figures(run, series, last_step, problems):
    checked = 0
    for name in FIGURES:
        path = os.path.join(run, name + ".png")
        if not os.path.exists(path):
            continue
        found = series.get("figures/" + name)
        if not found or len(found) != 1 or found[0][0] != last_step:
            problems.append("figures/%s: expected one image at step %d" % (name, last_step))
            continue
        # An image tensor holds [width, height, PNG bytes].
        if found[0][1][2] != open(path, "rb").read():
            problems.append("figures/%s: bytes differ from %s" % (name, path))
        checked += 1
    return checked


def short(steps):
    return steps if len(steps) <= 6 else steps[:3] + ["..."] + steps[-2:]


def serve_check(run, series, problems):
    """Asks a TensorBoard server (Rust data server) for every scalar tag and one image."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    binary = os.path.join(os.path.dirname(sys.executable), "tensorboard")
    server = subprocess.Popen([binary, "--logdir", os.path.join(run, "tb"), "--host", "127.0.0.1", "--port", str(port),
                               "--load_fast=true"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:%d/data/plugin/" % port
    try:
        deadline = time.time() + 90
        scalar_tags = {}
        while time.time() < deadline:
            try:
                scalar_tags = json.load(urllib.request.urlopen(base + "scalars/tags", timeout=5)).get(".", {})
                if len(scalar_tags) >= len([t for t in series if not t.startswith("figures/")]):
                    break
            except OSError:
                pass
            time.sleep(1)
        wanted = sorted(t for t in series if not t.startswith("figures/"))
        missing = [t for t in wanted if t not in scalar_tags]
        if missing:
            problems.append("server: scalar tags missing: %s" % missing)
        for tag in wanted:
            if tag in missing:
                continue
            query = urllib.parse.urlencode({"run": ".", "tag": tag})
            points = json.load(urllib.request.urlopen(base + "scalars/scalars?" + query, timeout=10))
            if len(points) != len(series[tag]):
                problems.append("server: %s has %d points, the reader %d" % (tag, len(points), len(series[tag])))
        images = json.load(urllib.request.urlopen(base + "images/tags", timeout=10)).get(".", {})
        if any(t.startswith("figures/") for t in series) and not images:
            problems.append("server: no image tags")
        return len(wanted), sorted(images)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", help="the run folder (holds tb/, loss.csv, train.json)")
    parser.add_argument("--serve", action="store_true", help="also query a TensorBoard server's HTTP API")
    args = parser.parse_args()
    series, checked, problems = check(args.run)
    result = {"run": args.run, "tags": len(series), "values_checked": checked}
    if args.serve:
        served, images = serve_check(args.run, series, problems)
        result.update(server_scalar_tags=served, server_image_tags=images)
    for problem in problems:
        print("MISMATCH " + problem)
    print("%d tags, %d values checked, %d problems" % (len(series), checked, len(problems)))
    result["problems"] = len(problems)
    print(json.dumps(result))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
