import numpy as np, time, sys, statistics
shapes = [(10000,256,256,0,1),(10000,256,256,0,0),(256,256,10000,1,0),(10000,256,3,0,1),(10000,2,256,0,1),(2,256,10000,1,0),(256,3,10000,1,0),(10000,256,2,0,0)]
rng = np.random.default_rng(0)
for m,n,k,ta,tb in shapes:
    a = rng.random((k,m) if ta else (m,k), dtype=np.float32)
    b = rng.random((n,k) if tb else (k,n), dtype=np.float32)
    A = a.T if ta else a
    B = b.T if tb else b
    c = np.empty((m,n), dtype=np.float32)
    flops = 2.0*m*n*k
    end = time.perf_counter() + 1.0
    while time.perf_counter() < end: np.matmul(A, B, out=c)
    inner = max(1, int(0.3e9/flops*50))
    times = []
    for r in range(7):
        t0 = time.perf_counter()
        for i in range(inner): np.matmul(A, B, out=c)
        times.append((time.perf_counter()-t0)/inner)
    med = statistics.median(times)
    print("%5dx%5dx%5d %s%s  %8.3f ms  %6.1f GFLOP/s" % (m,n,k,"T" if ta else "N","T" if tb else "N", med*1e3, flops/med/1e9))
