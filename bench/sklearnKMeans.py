"""scikit-learn's KMeans on the vectors bench/segment.ts wrote (float32, row-major n x d).

Usage: /usr/bin/python3 bench/sklearnKMeans.py FILE N D K SEED
Prints one JSON line: fit seconds (wall), inertia, iterations.
"""
import json
import sys
import time

import numpy as np
from sklearn.cluster import KMeans


def main() -> None:
    path, n, d, k, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    x = np.fromfile(path, dtype=np.float32).reshape(n, d)
    t0 = time.perf_counter()
    km = KMeans(n_clusters=k, init="k-means++", n_init=1, random_state=seed, algorithm="lloyd").fit(x)
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "inertia": float(km.inertia_), "iterations": int(km.n_iter_)}))


if __name__ == "__main__":
    main()
