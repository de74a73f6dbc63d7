"""Reference numbers for src/evaluation/*.test.ts, from scikit-learn / numpy / scipy.

Run once with Debian's python3-sklearn (sklearn 1.2.1, scipy 1.10.1):
    /usr/bin/python3 src/evaluation/testing/sklearnOracle.py
and paste the printed values into sklearnFixtures.ts. The fixtures' inputs come from mulberry32 (the lab's
createRng, ported below bit for bit), so the TypeScript tests rebuild the same inputs from a seed.
"""
import json
import numpy as np
from scipy.interpolate import interp1d
from scipy.optimize import brentq
from sklearn.decomposition import PCA
from sklearn.metrics import normalized_mutual_info_score, roc_auc_score, roc_curve

M = 0xFFFFFFFF


def mulberry32(seed):
    state = seed & M

    def imul(a, b):
        return (a * b) & M

    def nxt():
        nonlocal state
        state = (state + 0x6D2B79F5) & M
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t = (t ^ ((t + imul(t ^ (t >> 7), t | 61)) & M)) & M
        return ((t ^ (t >> 14)) & M) / 4294967296

    return nxt


def verification_fixture(seed, count):
    """Pair distances on a 1/50 grid (many ties); positives ~30% and shifted left by 0.35."""
    r = mulberry32(seed)
    same, dist = [], []
    for _ in range(count):
        s = 1 if r() < 0.3 else 0
        d = np.floor((r() + (0 if s else 0.35)) * 50) / 50
        same.append(s)
        dist.append(d)
    return np.array(dist), np.array(same)


def embedding_fixture(seed, n, dim, identities):
    """Rows: an identity centre plus noise, L2-normalised, stored as float32 like the lab's Float32Array."""
    r = mulberry32(seed)
    centres = np.array([[r() * 2 - 1 for _ in range(dim)] for _ in range(identities)])
    labels, rows = [], []
    for _ in range(n):
        l = int(np.floor(r() * identities))
        v = centres[l] + np.array([(r() * 2 - 1) * 0.8 for _ in range(dim)])
        labels.append(l)
        rows.append(v / np.linalg.norm(v))
    return np.array(rows, dtype=np.float32), np.array(labels)


out = {}

# Verification: ROC / AUC / EER / TAR@FAR.
dist, same = verification_fixture(7, 3000)
fpr, tpr, thr = roc_curve(same, -dist, drop_intermediate=False)
f_d, t_d, _ = roc_curve(same, -dist)  # facenet's EER: on the default (drop_intermediate) curve
eer = brentq(lambda x: 1.0 - x - interp1d(f_d, t_d)(x), 0.0, 1.0)
def tar_at(far):
    return float(tpr[fpr <= far].max())
out["verification"] = {
    "seed": 7, "count": 3000, "positives": int(same.sum()), "negatives": int((1 - same).sum()),
    "auc": roc_auc_score(same, -dist), "points": len(fpr),
    "fprSum": float(fpr.sum()), "tprSum": float(tpr.sum()), "fpr5": fpr[:5].tolist(), "tpr5": tpr[:5].tolist(),
    "eer": eer, "tarAtFar1e3": tar_at(1e-3), "tarAtFar1e2": tar_at(1e-2), "tarAtFar1e1": tar_at(1e-1),
}

# Retrieval (numpy, PML AccuracyCalculator definitions, stable argsort = ties by index).
emb, labels = embedding_fixture(11, 60, 4, 8)
e = emb.astype(np.float64)
d = np.sqrt(((e[:, None, :] - e[None, :, :]) ** 2).sum(-1))
r1, r5, rp, mapr = [], [], [], []
for q in range(len(labels)):
    others = np.array([j for j in range(len(labels)) if j != q])
    order = others[np.argsort(d[q, others], kind="stable")]
    rel = (labels[order] == labels[q]).astype(float)
    R = int((labels == labels[q]).sum()) - 1
    if R == 0:
        continue
    r1.append(rel[0]); r5.append(float(rel[:5].max())); rp.append(rel[:R].sum() / R)
    prec = np.cumsum(rel[:R]) / np.arange(1, R + 1)
    mapr.append((prec * rel[:R]).sum() / R)
out["retrieval"] = {"seed": 11, "n": 60, "dim": 4, "identities": 8, "recallAt1": float(np.mean(r1)),
                    "recallAt5": float(np.mean(r5)), "rPrecision": float(np.mean(rp)), "mapAtR": float(np.mean(mapr)),
                    "queries": len(r1)}

# NMI (arithmetic, sklearn default) of two seeded labelings.
r = mulberry32(5)
truth = [int(np.floor(r() * 6)) for _ in range(200)]
pred = [int(np.floor(r() * 6)) if r() < 0.5 else t for t in truth]
out["nmi"] = {"seed": 5, "n": 200, "nmi": normalized_mutual_info_score(truth, pred)}

# PCA: 50 × 5 anisotropic rows.
r = mulberry32(3)
scales = [3.0, 2.0, 1.0, 0.5, 0.25]
X = np.array([[(r() * 2 - 1) * s for s in scales] for _ in range(50)], dtype=np.float32)
p = PCA(n_components=2).fit(X.astype(np.float64))
proj = p.transform(X.astype(np.float64))
n = X.shape[0]
out["pca"] = {"seed": 3, "n": 50, "scales": scales,
              # sklearn divides by n − 1; the lab's pca2d by n.
              "varianceOverN": (p.explained_variance_ * (n - 1) / n).tolist(),
              "explained": float(p.explained_variance_ratio_.sum()),
              "absProjFirst3": np.abs(proj[:3]).tolist()}

print(json.dumps(out, indent=2))
