"""Distances, the triplet census, the miners and reducers of Triplet Lab, written out in PyTorch; the export appends
each loss (its block from the lab's loss file, src/metric/losses/<id>.ts) and the table LOSSES.

Exact definitions: docs/metric-learning.md of the lab. Everything stays O(B^2) in memory: no B x B x B tensor.
A loss is `fn(dist, labels, margin, options, context)`: dist [B, B] in the loss's distance, labels [B] int64, the
lab's option dict, and context with "embeddings" [B, D] (raw), "step", "triplets" (anchor, positive, negative),
"logits" and "class_indices".
"""
import math

import torch

EUCLIDEAN_EPSILON = 1e-12


def l2_normalize(x):
    return x * torch.rsqrt(torch.clamp((x * x).sum(1, keepdim=True), min=1e-12))


def pairwise_distance(emb, distance, normalize):
    """@param emb [B, D] -> [B, B]; Gram trick, diagonal forced to the self-distance, as the lab's pairwiseDistance."""
    b = emb.shape[0]
    off = 1.0 - torch.eye(b, dtype=emb.dtype, device=emb.device)
    x = l2_normalize(emb) if normalize or distance == "cosine" else emb
    gram = x @ x.t()
    if distance == "cosine":
        return (1.0 - gram) * off
    norms = (x * x).sum(1)
    squared = torch.relu(norms[:, None] + norms[None, :] - 2.0 * gram) * off
    if distance == "squaredEuclidean":
        return squared
    return torch.sqrt(squared + EUCLIDEAN_EPSILON)


def masks(labels):
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(len(labels), dtype=torch.bool, device=labels.device)
    return same & ~eye, ~same


def sorted_negatives(dist, negative):
    """Each row's negative distances ascending, +inf past the last negative."""
    return torch.sort(torch.where(negative, dist, torch.full_like(dist, float("inf"))), dim=1).values


def census(dist, labels, margin):
    """Exact {hard, semiHard, easy, total} over all valid triplets: per anchor a binary search in its sorted negatives."""
    positive, negative = masks(labels)
    d = dist.detach()
    neg = sorted_negatives(d, negative)
    below_ap = torch.searchsorted(neg, d.contiguous(), right=False)  # d_an < d_ap
    below_v = torch.searchsorted(neg, (d + margin).contiguous(), right=False)  # d_an < d_ap + m
    n_neg = negative.sum(1, keepdim=True).expand_as(d)
    pos = positive
    hard = int(below_ap[pos].sum())
    semi = int((below_v - below_ap)[pos].sum())
    easy = int((n_neg - below_v)[pos].sum())
    return {"hard": hard, "semiHard": semi, "easy": easy, "total": hard + semi + easy}


# Parameters a loss adds to the network (softmaxTriplet's identity head), for the optimizer and the gradient norm.
LOSS_PARAMETERS = []


def loss_setup(manifest):
    """The static context of the run's loss for the training loop: for a loss on identity logits, the identity head's
    initial weights (the lab's, carried by the golden batch) and the identity ids in the head's class order."""
    head = manifest["golden"].get("context", {}).get("head")
    if head is None:
        return {}
    return {"head": head, "identity_ids": [int(i["id"]) for i in manifest["identities"]]}


def head_parameters(context, like):
    """The identity head's kernel [D, C] and bias [C], created once from context["head"] (the lab's initial weights)
    and kept in LOSS_PARAMETERS; pass them to the optimizer. `like`: a tensor whose dtype and device they take."""
    if not LOSS_PARAMETERS:
        if "head" not in context:
            raise SystemExit("This loss trains an identity head, but the context carries no head weights: pass "
                             "losses.loss_setup(manifest) as the loss context (the package's golden batch holds them).")
        head = context["head"]
        LOSS_PARAMETERS.append(torch.tensor(head["kernel"], dtype=like.dtype, device=like.device, requires_grad=True))
        LOSS_PARAMETERS.append(torch.tensor(head["bias"], dtype=like.dtype, device=like.device, requires_grad=True))
    return LOSS_PARAMETERS


def identity_logits(context):
    """[B, C] logits of the identity head and the [B] classes: context's "logits" and "class_indices" when given,
    else the head over the raw embeddings (head_parameters) and the classes the lab used (context "classIndices",
    or each label's position in context "identity_ids")."""
    if "logits" in context and "class_indices" in context:
        return context["logits"], context["class_indices"]
    x = context["embeddings"]
    if "logits" in context:  # the head inside the trained module (train.py's WithIdentityHead)
        logits = context["logits"]
    else:
        kernel, bias = head_parameters(context, x)
        logits = x @ kernel + bias
    if "classIndices" in context:
        classes = torch.tensor(context["classIndices"], dtype=torch.int64, device=x.device)
    else:
        position = {identity: i for i, identity in enumerate(context["identity_ids"])}
        classes = torch.tensor([position[int(y)] for y in context["labels"]], dtype=torch.int64, device=x.device)
    return logits, classes


def safe_mean(total, count):
    """total / max(count, 1): a mean over zero terms is 0, never NaN."""
    return total / torch.clamp(torch.as_tensor(count, dtype=total.dtype, device=total.device), min=1)


# Reducers (pytorch-metric-learning's names).
def mean_reducer(terms, valid):
    valid = valid.to(terms.dtype)
    return safe_mean((valid * terms).sum(), valid.sum())


def avg_nonzero_reducer(terms, valid):
    kept = valid.to(terms.dtype) * terms
    return safe_mean(kept.sum(), (kept.detach() > 0).sum().to(terms.dtype))


def triplet_hinge(ap, an, margin):
    return torch.relu(ap - an + margin)


# Miners: the distances of the triplets they pick, and a mask, as the lab's src/metric/mining/.
def hardest_per_anchor(dist, labels):
    """Per anchor its farthest positive and nearest negative (batch hard); [B] each."""
    positive, negative = masks(labels)
    d = dist.detach()
    p = torch.where(positive, d, torch.full_like(d, float("-inf"))).argmax(1, keepdim=True)
    n = torch.where(negative, d, torch.full_like(d, float("inf"))).argmin(1, keepdim=True)
    return dist.gather(1, p).squeeze(1), dist.gather(1, n).squeeze(1), positive.any(1) & negative.any(1)


def semi_hard_negative(dist, labels, margin, fallback, upper_bound):
    """FaceNet: per positive pair the closest negative with d_an > d_ap (option: < d_ap + m); none: 'skip' the pair or
    take the anchor's farthest negative. [B, B] each."""
    positive, negative = masks(labels)
    b = dist.shape[0]
    d = dist.detach()
    neg_values, order = torch.sort(torch.where(negative, d, torch.full_like(d, float("inf"))), dim=1)
    idx = torch.searchsorted(neg_values.contiguous(), d.contiguous(), right=True)
    safe = idx.clamp(max=b - 1)
    n_neg = negative.sum(1, keepdim=True)
    found = positive & (idx < n_neg)
    if upper_bound:
        found = found & (torch.gather(neg_values, 1, safe) < d + margin)
    kept = found if fallback == "skip" else positive & (n_neg > 0)
    farthest = torch.where(negative, d, torch.full_like(d, float("-inf"))).argmax(1, keepdim=True).expand(b, b)
    chosen = torch.where(found, torch.gather(order, 1, safe), farthest)
    return dist, torch.gather(dist, 1, chosen), kept


class Alea:
    """seedrandom's alea, as tfjs's randomUniform draws with a seed: the lab's OHNM draws, number for number."""

    def __init__(self, seed):
        n = [0xEFC8249D]

        def mash(data):
            for ch in str(data):
                n[0] += ord(ch)
                h = 0.02519603282416938 * n[0]
                n[0] = math.floor(h)
                h -= n[0]
                h *= n[0]
                n[0] = math.floor(h)
                h -= n[0]
                n[0] += h * 4294967296.0
            return (math.floor(n[0]) % 4294967296) * 2.3283064365386963e-10

        self.c = 1
        self.s0, self.s1, self.s2 = mash(" "), mash(" "), mash(" ")
        self.s0 -= mash(seed)
        if self.s0 < 0:
            self.s0 += 1
        self.s1 -= mash(seed)
        if self.s1 < 0:
            self.s1 += 1
        self.s2 -= mash(seed)
        if self.s2 < 0:
            self.s2 += 1

    def next(self):
        t = 2091639 * self.s0 + self.c * 2.3283064365386963e-10
        self.s0, self.s1 = self.s1, self.s2
        self.c = math.floor(t)
        self.s2 = t - self.c
        return self.s2


def ohnm_seed(seed, step):
    """The lab's ohnmSeed: (seed * 1000003 + step * 7919) as uint32, in 32-bit integer arithmetic."""
    def imul(a, b):
        r = (a * b) & 0xFFFFFFFF
        return r - 0x100000000 if r >= 0x80000000 else r
    return (imul(int(seed), 1000003) + imul(int(step), 7919)) & 0xFFFFFFFF


def moderately_hard_negative(dist, labels, margin, exclude_hardest_fraction, seed):
    """OHNM: per positive pair a negative drawn uniformly among those with d_an < d_ap + m, after skipping the
    anchor's nearest fraction; the draws are the lab's (alea, float32). [B, B] each."""
    positive, negative = masks(labels)
    b = dist.shape[0]
    d = dist.detach().float()
    neg_values, order = torch.sort(torch.where(negative, d, torch.full_like(d, float("inf"))), dim=1)
    lo = torch.floor(negative.sum(1).float() * exclude_hardest_fraction)[:, None]
    hi = torch.searchsorted(neg_values.contiguous(), (d + margin).contiguous(), right=False).float()
    ok = positive & (hi > lo)
    rng = Alea(seed)
    u = torch.tensor([rng.next() for _ in range(b * b)], dtype=torch.float64).float().reshape(b, b)
    position = torch.clamp(lo + torch.floor(u * (hi - lo)), 0, b - 1)
    clamped = torch.minimum(position, torch.clamp(hi - 1, min=0)).long()
    return dist, torch.gather(dist, 1, torch.gather(order, 1, clamped)), ok


def explicit_triplets(dist, labels, triplets):
    """Triplets that came with the batch (index tensors); entries that are not valid triplets are masked out. [T]."""
    a, p, n = (torch.as_tensor(t, dtype=torch.int64, device=dist.device) for t in triplets)
    valid = (labels[a] == labels[p]) & (a != p) & (labels[a] != labels[n])
    return dist[a, p], dist[a, n], valid


def batch_triplets(dist, labels, kind, step):
    """Triplets within a P x K batch, for a loss whose triplets the lab takes from outside the batch when the package
    trains without them: per anchor a random positive and negative ("random", seeded by the step) or its hardest
    ones ("hardest"). The lab's own triplets (the golden batch's) come in context["triplets"] instead."""
    positive, negative = masks(labels)
    keep = positive.any(1) & negative.any(1)
    a = torch.arange(len(labels), device=dist.device)[keep]
    if kind == "random":
        g = torch.Generator().manual_seed(int(step))
        p = torch.multinomial(positive[keep].float().cpu(), 1, generator=g).squeeze(1).to(dist.device)
        n = torch.multinomial(negative[keep].float().cpu(), 1, generator=g).squeeze(1).to(dist.device)
        return a, p, n
    d = dist.detach()
    p = torch.where(positive, d, torch.full_like(d, float("-inf"))).argmax(1)[keep]
    n = torch.where(negative, d, torch.full_like(d, float("inf"))).argmin(1)[keep]
    return a, p, n


def hardest_pairs(dist, labels):
    """MSML: the farthest positive pair and the nearest negative pair of the whole batch. [1] each."""
    positive, negative = masks(labels)
    d = dist.detach()
    p = torch.where(positive, d, torch.full_like(d, float("-inf"))).flatten().argmax()
    n = torch.where(negative, d, torch.full_like(d, float("inf"))).flatten().argmin()
    flat = dist.flatten()
    return flat[p].reshape(1), flat[n].reshape(1), (positive.any() & negative.any()).reshape(1)
