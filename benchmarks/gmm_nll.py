#!/usr/bin/python3
"""Test NLL of LFM and of global flow matching against the true NLL of a Gaussian mixture.

  /usr/bin/python3 benchmarks/gmm_nll.py [--dims 6,20] [--steps-per-block 2500] [--test-points 2000]
                                         [--work DIR] [--json-out FILE]

For each D: draws a seeded K-component Gaussian mixture with random means and full covariances,
writes train.npy (100,000 rows) and test.npy, computes the true NLL of the test rows exactly (numpy,
log-sum-exp), then trains LFM (3 OU blocks γ = .15 .2 .26 + the free block, the POWER schedule) and
global FM with the same network, the same total number of optimiser steps and the same per-step
learning-rate shape (×0.8 every 1,000 steps of an LFM block; FM, whose one flow takes N× the steps,
decays every N×1,000: the README's rule for equal schedule shapes), evaluates both with
`lfm eval --nll` (exact trace, Euler on 150 grid points, the authors' setting) on the same test rows,
and prints one table with wall times. Needs python3-numpy under /usr/bin/python3.
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lfm_cli import ROOT, lfm  # noqa: E402

import numpy as np

COMPONENTS = 8


def mixture(dim, seed):
    """Means spread over a ball of radius ~4, covariances A Aᵀ/D + 0.05 I with random scale."""
    rng = np.random.default_rng(seed)
    means = rng.normal(0.0, 2.0, size=(COMPONENTS, dim))
    covs = []
    for _ in range(COMPONENTS):
        a = rng.normal(size=(dim, dim)) * rng.uniform(0.3, 1.0)
        covs.append(a @ a.T / dim + 0.05 * np.eye(dim))
    weights = rng.dirichlet(np.full(COMPONENTS, 5.0))
    return weights, means, np.array(covs)


def sample(weights, means, covs, n, seed):
    rng = np.random.default_rng(seed)
    k = rng.choice(len(weights), size=n, p=weights)
    chol = np.linalg.cholesky(covs)
    z = rng.normal(size=(n, means.shape[1]))
    return means[k] + np.einsum("nij,nj->ni", chol[k], z)


def log_density(x, weights, means, covs):
    dim = x.shape[1]
    terms = []
    for w, m, c in zip(weights, means, covs):
        chol = np.linalg.cholesky(c)
        y = np.linalg.solve(chol, (x - m).T)
        log_det = 2 * np.sum(np.log(np.diag(chol)))
        terms.append(np.log(w) - 0.5 * (dim * np.log(2 * np.pi) + log_det + np.sum(y * y, axis=0)))
    terms = np.array(terms)
    top = terms.max(axis=0)
    return top + np.log(np.exp(terms - top).sum(axis=0))




def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dims", default="6,20")
    ap.add_argument("--steps-per-block", type=int, default=2500)
    ap.add_argument("--test-points", type=int, default=2000)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--lr-decay-every", type=int, default=1000, help="decay interval of an LFM block; FM's is N× it")
    ap.add_argument("--work", default=os.path.join(ROOT, "runs", "gmm-nll"))
    ap.add_argument("--json-out")
    args = ap.parse_args()
    gammas = "0.15,0.2,0.26"
    blocks = len(gammas.split(",")) + 1
    common = ["--backend", "cpu", "--hidden", str(args.hidden), "--depth", "3", "--batch", "1024",
              "--lr", "2e-3", "--pool", "0", "--no-plots", "--seed", "1"]
    rows = []
    for dim in (int(d) for d in args.dims.split(",")):
        folder = os.path.join(args.work, f"d{dim}")
        os.makedirs(folder, exist_ok=True)
        weights, means, covs = mixture(dim, seed=dim)
        train, test = os.path.join(folder, "train.npy"), os.path.join(folder, "test.npy")
        np.save(train, sample(weights, means, covs, 100_000, seed=1000 + dim).astype(np.float32))
        test_rows = sample(weights, means, covs, args.test_points, seed=2000 + dim).astype(np.float32)
        np.save(test, test_rows)
        true_nll = -log_density(test_rows.astype(np.float64), weights, means, covs)
        row = {"dim": dim, "components": COMPONENTS, "test_points": args.test_points,
               "true_nll": float(true_nll.mean()), "true_se": float(true_nll.std(ddof=1) / np.sqrt(len(true_nll)))}
        for method, steps in (("lfm", args.steps_per_block), ("fm", args.steps_per_block * blocks)):
            run = os.path.join(folder, method)
            if os.path.exists(run):
                subprocess.run(["rm", "-rf", run], check=True)
            extra = ["--gammas", gammas] if method == "lfm" else []
            # Equal schedule shapes: the decay interval scales with the steps of the flow being trained.
            decay_every = args.lr_decay_every * steps // args.steps_per_block
            extra += ["--lr-decay-every", str(decay_every)]
            trained, train_s = lfm("train", "--data", train, "--method", method, "--steps", str(steps),
                                   "--out", run, *common, *extra)
            evaluated, eval_s = lfm("eval", "--backend", "cpu", "--run", run, "--data", train, "--test", test,
                                    "--n", "0", "--block-points", "0", "--nll", "--solver", "rk4:10")
            nll = evaluated["nll"]
            row[method] = {"nll": nll["mean"], "se": nll["standard_error"], "train_s": trained["seconds"],
                           "train_wall_s": train_s, "nll_s": nll["seconds"], "total_steps": steps * (blocks if method == "lfm" else 1), "lr_decay_every": decay_every,
                           "energy_distance": evaluated["metrics"]["energy_distance"]}
            sys.stderr.write(f"D={dim} {method}: NLL {nll['mean']:.4f} ± {nll['standard_error']:.4f}, "
                             f"train {trained['seconds']:.1f} s\n")
        rows.append(row)
    print(f"Gaussian mixture, {COMPONENTS} components; test NLL in nats (mean ± standard error over "
          f"{args.test_points} test points); equal total optimiser steps")
    print(f"{'D':>3} {'true NLL':>16} {'LFM NLL':>16} {'FM NLL':>16} {'LFM train s':>12} {'FM train s':>11} {'steps':>7}")
    for r in rows:
        print(f"{r['dim']:>3} {r['true_nll']:>9.4f} ± {r['true_se']:.3f} {r['lfm']['nll']:>9.4f} ± {r['lfm']['se']:.3f}"
              f" {r['fm']['nll']:>9.4f} ± {r['fm']['se']:.3f} {r['lfm']['train_s']:>12.1f} {r['fm']['train_s']:>11.1f}"
              f" {r['lfm']['total_steps']:>7}")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(rows, f, indent=2)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
