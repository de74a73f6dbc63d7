"""The seed statistics' oracle: scipy 1.10 (Debian python3-scipy) on fixed vectors, printed as the TypeScript fixture
scipyFixtures.ts. Run once by hand: /usr/bin/python3 src/evaluation/testing/scipyOracle.py > src/evaluation/testing/scipyFixtures.ts
"""
import json

import numpy as np
from scipy import stats

VECTORS = {
    "three": [0.905, 0.900, 0.885],
    "five": [0.81, 0.77, 0.86, 0.79, 0.83],
    "ten": [0.61, 0.64, 0.58, 0.66, 0.6, 0.63, 0.59, 0.65, 0.62, 0.57],
    "two": [0.2, 0.5],
}
PAIRS = {
    # batch hard vs random triplets, five seeds: a real gap
    "gap": ([0.84, 0.81, 0.86, 0.83, 0.85], [0.74, 0.73, 0.77, 0.72, 0.76]),
    # the same numbers shifted by noise: no difference
    "noise": ([0.80, 0.83, 0.78, 0.82, 0.79], [0.81, 0.79, 0.82, 0.80, 0.81]),
}


def interval(values, level=0.95):
    x = np.asarray(values, dtype=np.float64)
    n = len(x)
    mean = float(x.mean())
    sd = float(x.std(ddof=1))
    low, high = stats.t.interval(level, n - 1, loc=mean, scale=stats.sem(x))
    return {"n": n, "mean": mean, "sd": sd, "low": float(low), "high": float(high)}


out = {
    "intervals": {k: interval(v) for k, v in VECTORS.items()},
    "intervals99": {k: interval(v, 0.99) for k, v in VECTORS.items()},
    "paired": {},
}
for k, (a, b) in PAIRS.items():
    d = np.asarray(a) - np.asarray(b)
    res = stats.ttest_rel(a, b)
    out["paired"][k] = {"a": a, "b": b, **interval(d), "p": float(res.pvalue)}

print("/** Made by scipyOracle.py with scipy " + __import__("scipy").__version__ + ": do not edit by hand. */")
print("export const VECTORS: Record<string, number[]> = " + json.dumps(VECTORS) + ";")
print("export const SCIPY = " + json.dumps(out, indent=2) + " as const;")
