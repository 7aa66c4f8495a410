#!/usr/bin/python3
"""A POWER-shaped synthetic file for the MAF loader: DIR/power/data.npy, N × 8 float64.

  /usr/bin/python3 benchmarks/power_synthetic.py DIR [--rows 20493] [--seed 0]

The real file (MAF archive, zenodo.org/record/1161203) is UCI "Individual household electric power
consumption" as MAF stores it: 2,049,280 rows of global active power (kW), global reactive power (kW),
voltage (V), global intensity (A), sub-meterings 1–3 (Wh) and the time of day. This draws rows of the
same columns with roughly the same marginals and dependences (numpy only, seeded); `lfm train --data
power:DIR` then applies MAF's preprocessing to it as to the real file (shuffle with RandomState(42),
drop intensity and reactive power, add MAF's noise, tail splits, standardise: D = 6). The default row
count is the real one / 100. Needs python3-numpy.
"""
import argparse
import os

import numpy as np


def rows(n, seed):
    rng = np.random.default_rng(seed)
    minute = rng.integers(0, 1440, size=n)
    hour = minute / 60.0
    # Daily load: low at night, peaks in the morning and evening; log-normal spread around it.
    level = 0.4 + 0.8 * np.exp(-((hour - 8) / 2.0) ** 2) + 1.4 * np.exp(-((hour - 20) / 2.5) ** 2)
    active = np.clip(level * rng.lognormal(0.0, 0.6, size=n), 0.076, 11.1)
    reactive = np.clip(0.1 + 0.05 * active + rng.gamma(1.5, 0.05, size=n), 0.0, 1.39)
    voltage = 240.8 - 0.9 * active + rng.normal(0.0, 3.0, size=n)
    intensity = active * 1000.0 / voltage + rng.normal(0.0, 0.1, size=n)
    kitchen = np.where(rng.random(n) < 0.08, rng.integers(1, 80, size=n), 0)
    laundry = np.where(rng.random(n) < 0.15, rng.integers(1, 80, size=n), 0)
    heater = np.where(active > 1.0, np.minimum(20, rng.poisson(active * 4)), rng.integers(0, 2, size=n))
    return np.column_stack([active, reactive, voltage, intensity, kitchen, laundry, heater, minute]).astype(np.float64)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--rows", type=int, default=2_049_280 // 100)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    folder = os.path.join(args.dir, "power")
    os.makedirs(folder, exist_ok=True)
    data = rows(args.rows, args.seed)
    np.save(os.path.join(folder, "data.npy"), data)
    print(f"{os.path.join(folder, 'data.npy')}: {data.shape[0]} rows × {data.shape[1]} columns (float64)")


if __name__ == "__main__":
    main()
