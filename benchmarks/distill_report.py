#!/usr/bin/python3
"""Teacher vs distilled LFM vs distilled global FM: quality and the time to draw 100,000 samples.

  /usr/bin/python3 benchmarks/distill_report.py [--data 8gaussians,checkerboard,gmm6] [--steps 2000]
                                                [--work DIR] [--json-out FILE]

For each data set (a built-in 2D name, or gmm6: the 6-D Gaussian mixture of gmm_nll.py):
  1. trains LFM (4 OU blocks + the free block) and global FM with the same network and the same total
     number of optimiser steps;
  2. distills LFM into one student per block (N evaluations) and FM into one student applied N times
     (the same evaluation count), with the same total number of student steps;
  3. evaluates the teacher (adaptive dopri5, its evaluation count), both students (energy distance to
     20,000 held-out points; the teacher also gets its test NLL) and times `lfm sample --n 100000` for
     each (the engine's own timer, and the whole process).
Prints one table. Needs python3-numpy under /usr/bin/python3 for gmm6.
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lfm_cli import ROOT, lfm  # noqa: E402

BLOCKS = 5   # 4 OU blocks + the free block




def data_spec(name, folder):
    """(--data value, extra eval flags) for a data set name."""
    if name != "gmm6":
        return name, []
    import numpy as np
    from gmm_nll import mixture, sample
    weights, means, covs = mixture(6, seed=6)
    train, test = os.path.join(folder, "train.npy"), os.path.join(folder, "test.npy")
    np.save(train, sample(weights, means, covs, 100_000, seed=1006).astype(np.float32))
    np.save(test, sample(weights, means, covs, 20_000, seed=2006).astype(np.float32))
    return train, ["--test", test]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="8gaussians,checkerboard,gmm6")
    ap.add_argument("--steps", type=int, default=2000, help="optimiser steps per LFM block (FM gets 5×)")
    ap.add_argument("--student-steps", type=int, default=2000, help="steps per LFM student (FM's gets 5×)")
    ap.add_argument("--work", default=os.path.join(ROOT, "runs", "distill-report"))
    ap.add_argument("--json-out")
    args = ap.parse_args()
    common = ["--backend", "cpu", "--hidden", "128", "--depth", "3", "--batch", "1024", "--seed", "1", "--no-plots"]
    rows = []
    for name in args.data.split(","):
        folder = os.path.join(args.work, name)
        subprocess.run(["rm", "-rf", folder], check=True)
        os.makedirs(folder)
        data, eval_extra = data_spec(name, folder)
        eval_common = ["eval", "--backend", "cpu", "--data", data, *eval_extra, "--block-points", "0"]
        row = {"data": name}
        for method in ("lfm", "fm"):
            run = os.path.join(folder, method)
            steps = args.steps if method == "lfm" else args.steps * BLOCKS
            trained, _ = lfm("train", "--data", data, "--method", method, "--blocks", BLOCKS - 1, "--steps", steps,
                             "--out", run, *common)
            student_steps = args.student_steps if method == "lfm" else args.student_steps * BLOCKS
            nfe = 1 if method == "lfm" else BLOCKS
            distilled, distill_wall = lfm("distill", "--backend", "cpu", "--run", run, "--steps", student_steps,
                                          "--nfe-per-block", nfe)
            variants = [("teacher", [])] if method == "lfm" else []
            variants.append((f"distilled {method}", ["--distilled"]))
            for label, flags in variants:
                evaluated, _ = lfm(*eval_common, "--n", 20000, "--run", run, *flags)
                sampled, wall = lfm("sample", "--backend", "cpu", "--run", run, "--n", 100000,
                                    "--out", os.path.join(folder, f"{label.replace(' ', '-')}.npy"), *flags)
                row[label] = {"evaluations": sampled["network_evaluations"],
                              "energy_distance": evaluated["metrics"]["energy_distance"],
                              "sample_100k_s": sampled["seconds"], "sample_100k_wall_s": round(wall, 2),
                              "train_s": trained["seconds"]}
                if label == "teacher":   # the likelihood on 5,000 of the held-out points
                    with_nll, _ = lfm(*eval_common, "--n", 5000, "--run", run, "--nll")
                    row[label]["nll"] = with_nll["nll"]["mean"]
                    row[label]["nll_se"] = with_nll["nll"]["standard_error"]
                else:
                    row[label]["distill_wall_s"] = round(distill_wall, 1)
                sys.stderr.write(f"{name} {label}: {row[label]}\n")
        rows.append(row)
    print(f"{'data':13} {'sampler':15} {'evals':>6} {'energy dist':>12} {'100k s':>8} {'(process)':>9}  teacher NLL")
    for r in rows:
        for label in ("teacher", "distilled lfm", "distilled fm"):
            v = r[label]
            nll = f"{v['nll']:.3f} ± {v['nll_se']:.3f}" if "nll" in v else ""
            print(f"{r['data']:13} {label:15} {v['evaluations']:>6} {v['energy_distance']:>12.5f} "
                  f"{v['sample_100k_s']:>8.2f} {v['sample_100k_wall_s']:>9.2f}  {nll}")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(rows, f, indent=2)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
