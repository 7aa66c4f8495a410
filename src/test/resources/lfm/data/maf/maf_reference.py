"""Reference values for MafBenchmarksTest and NumpyRandomStateTest (run once with numpy and pandas;
the Java tests hold the printed numbers and do not need Python).

    /usr/bin/python3 src/test/resources/lfm/data/maf/maf_reference.py

The synthetic inputs are integer formulas divided by powers of two, so Java builds bit-identical
arrays. The preprocessing below is MAF's (github.com/gpapamak/maf, datasets/power.py, gas.py,
miniboone.py), with DataFrame.values in place of the removed as_matrix().
"""
import numpy as np
import pandas as pd

MASK = (1 << 64) - 1


def bits_hash(a):
    """h = h * 1000003 + bits(x) over the float32 bit patterns in C order, wrapping at 64 bits."""
    h = 0
    for b in np.ascontiguousarray(a, dtype=np.float32).view(np.uint32).ravel():
        h = (h * 1000003 + int(b)) & MASK
    return h - (1 << 64) if h >= 1 << 63 else h


def describe(name, splits):
    for split, a in zip(("train", "validation", "test"), splits):
        a = a.astype(np.float32)
        print(f"{name} {split}: shape {a.shape} hash {bits_hash(a)}L first {a[0].tolist()}")


def power_input(n):
    i = np.arange(n)[:, None]
    j = np.arange(8)[None, :]
    return ((i * 37 + j * 11) % 101) / 8.0 + j * 10 + (i % 7) * 0.25


def power(data):
    rng = np.random.RandomState(42)
    rng.shuffle(data)
    N = data.shape[0]
    data = np.delete(data, 3, axis=1)
    data = np.delete(data, 1, axis=1)
    voltage_noise = 0.01 * rng.rand(N, 1)
    gap_noise = 0.001 * rng.rand(N, 1)
    sm_noise = rng.rand(N, 3)
    time_noise = np.zeros((N, 1))
    data = data + np.hstack((gap_noise, voltage_noise, sm_noise, time_noise))
    N_test = int(0.1 * data.shape[0])
    data_test = data[-N_test:]
    data = data[0:-N_test]
    N_validate = int(0.1 * data.shape[0])
    data_validate = data[-N_validate:]
    data_train = data[0:-N_validate]
    both = np.vstack((data_train, data_validate))
    mu, s = both.mean(axis=0), both.std(axis=0)
    return (data_train - mu) / s, (data_validate - mu) / s, (data_test - mu) / s


def miniboone_input(n, d):
    i = np.arange(n)[:, None]
    j = np.arange(d)[None, :]
    return ((i * 7919 + j * 104729) % 1013) / 16.0 - j * 3


def miniboone(data):
    N_test = int(0.1 * data.shape[0])
    data_test = data[-N_test:]
    data = data[0:-N_test]
    N_validate = int(0.1 * data.shape[0])
    data_validate = data[-N_validate:]
    data_train = data[0:-N_validate]
    both = np.vstack((data_train, data_validate))
    mu, s = both.mean(axis=0), both.std(axis=0)
    return (data_train - mu) / s, (data_validate - mu) / s, (data_test - mu) / s


def gas_input(n):
    i = np.arange(n).astype(np.float64)
    k = np.arange(n)
    a = ((k * 7919) % 1000) / 64.0
    c = ((k * 104729) % 977) / 64.0
    columns = {
        "Time": i / 4.0,
        "Meth": ((k * 13) % 50) / 2.0,
        "Eth": ((k * 17) % 40) / 2.0,
        "A": a,
        "B": 2 * a + ((k * 31) % 5) / 64.0,             # correlated with A (> 0.98): A is dropped first
        "C": c,
        "D": c + ((k * 13) % 400) / 64.0,                # moderately correlated with C
        "E": ((k * 3571) % 911) / 32.0,
        "F": ((k * 3571) % 911) / 32.0 + ((k * 7) % 3) / 128.0,  # correlated with E: E goes
    }
    frame = pd.DataFrame(columns)
    frame.columns = ["Time", "Meth", "Eth", "A", "B", "C", "D", "E", "E"]  # duplicate name: drop removes both
    return frame


def gas(data):
    data.drop("Meth", axis=1, inplace=True)
    data.drop("Eth", axis=1, inplace=True)
    data.drop("Time", axis=1, inplace=True)

    def numbers(d):
        return (d.corr() > 0.98).values.sum(axis=1)

    B = numbers(data)
    while np.any(B > 1):
        col_name = data.columns[np.where(B > 1)[0][0]]
        data.drop(col_name, axis=1, inplace=True)
        B = numbers(data)
    print("gas kept columns", list(data.columns))
    data = ((data - data.mean()) / data.std()).values
    N_test = int(0.1 * data.shape[0])
    data_test = data[-N_test:]
    data_train = data[0:-N_test]
    N_validate = int(0.1 * data_train.shape[0])
    data_validate = data_train[-N_validate:]
    data_train = data_train[0:-N_validate]
    return data_train, data_validate, data_test


if __name__ == "__main__":
    print("rand(3), seed 42:", np.random.RandomState(42).rand(3).tolist())
    print("rand(5), seed 0:", np.random.RandomState(0).rand(5).tolist())
    print("rand(2), seed 2^32-1:", np.random.RandomState(2**32 - 1).rand(2).tolist())
    print("permutation(10), seed 42:", np.random.RandomState(42).permutation(10).tolist())
    print("permutation(1000)[:10], seed 7:", np.random.RandomState(7).permutation(1000)[:10].tolist())
    bit_generator = np.random.MT19937()
    bit_generator._legacy_seeding(42)
    print("raw 32-bit words, seed 42:", bit_generator.random_raw(3).tolist())
    r = np.random.RandomState(42)
    a = np.arange(30.0).reshape(10, 3)
    r.shuffle(a)
    print("shuffle rows of arange(30).reshape(10, 3), seed 42, column 0:", a[:, 0].tolist(),
          "then rand(2):", r.rand(2).tolist())
    describe("power", power(power_input(1000)))
    describe("miniboone", miniboone(miniboone_input(500, 5)))
    describe("gas", gas(gas_input(400)))
