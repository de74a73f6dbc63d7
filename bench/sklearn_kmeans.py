"""scikit-learn's KMeans on a raw float32 file, for bench/cluster.ts and bench/browserCluster.ts. Prints one JSON line:
wall and CPU time (all threads), inertia, iterations, and the process's peak resident memory (data included).

usage: sklearn_kmeans.py PATH N DIM K N_INIT MAX_ITER TOL SEED
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans


def peak_rss_kb():
    """VmHWM: this process's own peak (ru_maxrss would carry over the parent's resident set from before exec)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


path, n, dim, k, n_init, max_iter, tol, seed = sys.argv[1:9]
X = np.fromfile(path, dtype=np.float32).reshape(int(n), int(dim))
start = time.perf_counter()
cpu_start = time.process_time()
km = KMeans(
    n_clusters=int(k),
    init="k-means++",
    n_init=int(n_init),
    max_iter=int(max_iter),
    tol=float(tol),
    random_state=int(seed),
    algorithm="lloyd",
).fit(X)
seconds = time.perf_counter() - start
cpu_seconds = time.process_time() - cpu_start
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "inertia": float(km.inertia_), "iterations": int(km.n_iter_), "version": sklearn.__version__, "max_rss_kb": peak_rss_kb()}))
