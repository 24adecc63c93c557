"""rp_numpy.py: the numpy reference for bench_optimize: Newton's method on
Spinu's risk-budgeting problem, min 1/2 y'Sy - sum b ln y, Newton system
by numpy.linalg.solve (LAPACK through OpenBLAS), halving steps to keep
y > 0, stopping when max |RC_i - b_i| <= 1e-10 (as allot's solver).

usage: rp_numpy.py MATRIX N REPS OUT
MATRIX holds N*N doubles (row-major covariance) then N budgets, native
byte order. Prints the best and median solve time in ms; writes the
weights to OUT as N doubles."""
import sys
import time

import numpy as np


def solve(s, b, tol=1e-10, max_iter=200):
    y = np.sqrt(b / np.diag(s))
    y /= np.sqrt(y @ s @ y)
    for it in range(max_iter):
        sy = s @ y
        rc = y * sy / (y @ sy)
        if np.max(np.abs(rc - b)) <= tol:
            return y / y.sum(), it
        g = sy - b / y
        h = s + np.diag(b / (y * y))
        d = -np.linalg.solve(h, g)
        t = 1.0
        while np.any(y + t * d <= 0):
            t *= 0.5
        y = y + t * d
    raise RuntimeError("no convergence")


def main():
    path, n, reps, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    raw = np.fromfile(path, dtype=np.float64)
    s = raw[: n * n].reshape(n, n).copy()
    b = raw[n * n : n * n + n].copy()
    b /= b.sum()
    w, it = solve(s, b)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        solve(s, b)
        times.append(time.perf_counter() - t0)
    times.sort()
    w.tofile(out)
    print("%.6f %.6f %d" % (times[0] * 1e3, times[len(times) // 2] * 1e3, it))


if __name__ == "__main__":
    main()
