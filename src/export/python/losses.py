"""Distances, the triplet census and the triplet losses of Triplet Lab, written out in PyTorch.

Exact definitions: docs/metric-learning.md of the lab. Everything stays O(B^2) in memory: no B x B x B tensor.
"""
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


def batch_hard(dist, labels, margin, options):
    """Hermans et al. 2017: mean over anchors with a positive and a negative of [max_p d_ap - min_n d_an + m]_+."""
    positive, negative = masks(labels)
    ap = torch.where(positive, dist, torch.full_like(dist, float("-inf"))).max(1).values
    an = torch.where(negative, dist, torch.full_like(dist, float("inf"))).min(1).values
    valid = positive.any(1) & negative.any(1)
    if not bool(valid.any()):
        return (dist * 0).sum()
    return torch.relu(ap[valid] - an[valid] + margin).sum() / valid.sum().clamp(min=1)


def batch_all(dist, labels, margin, options):
    """Hermans et al. 2017: [d_ap - d_an + m]_+ over all valid triplets, mean over non-zero terms (or 'mean').

    Per pair (a, p): sum_n [v - d_an]_+ = cnt * v - (sum of the cnt smallest d_an), v = d_ap + m: O(B^2) memory.
    """
    positive, negative = masks(labels)
    b = dist.shape[0]
    neg_values, order = torch.sort(torch.where(negative, dist, torch.full_like(dist, float("inf"))), dim=1)
    finite = torch.where(torch.isinf(neg_values), torch.zeros_like(neg_values), neg_values)
    prefix = torch.cat([torch.zeros(b, 1, dtype=dist.dtype, device=dist.device), torch.cumsum(finite, 1)], 1)
    v = dist + margin
    cnt = torch.searchsorted(neg_values.detach().contiguous(), v.detach().contiguous(), right=False)
    below = torch.gather(prefix, 1, cnt)
    pos = positive.to(dist.dtype)
    total = (pos * (cnt.to(dist.dtype) * v - below)).sum()
    if options.get("reduction", "meanNonZero") == "mean":
        n = (positive.sum(1) * negative.sum(1)).sum()
    else:
        n = (pos * cnt.to(dist.dtype)).sum()
    return total / n.clamp(min=1)


def semi_hard(dist, labels, margin, options):
    """FaceNet (Schroff et al. 2015): per positive pair the closest negative with d_an > d_ap (option: < d_ap + m);
    none found: 'skip' the pair or take the anchor's 'farthestNegative'. Mean hinge over the pairs kept."""
    positive, negative = masks(labels)
    b = dist.shape[0]
    neg_values, order = torch.sort(torch.where(negative, dist, torch.full_like(dist, float("inf"))), dim=1)
    d = dist.detach()
    idx = torch.searchsorted(neg_values.detach().contiguous(), d.contiguous(), right=True)
    safe = idx.clamp(max=b - 1)
    n_neg = negative.sum(1, keepdim=True)
    found = positive & (idx < n_neg)
    if options.get("upperBound", False):
        found = found & (torch.gather(neg_values.detach(), 1, safe) < d + margin)
    if options.get("fallback", "skip") == "skip":
        kept = found
    else:
        kept = positive & (n_neg > 0)
    farthest = torch.where(negative, d, torch.full_like(d, float("-inf"))).argmax(1, keepdim=True).expand(b, b)
    chosen = torch.where(found, torch.gather(order, 1, safe), farthest)
    an = torch.gather(dist, 1, chosen)
    keep = kept.to(dist.dtype)
    return (keep * torch.relu(dist - an + margin)).sum() / keep.sum().clamp(min=1)


LOSSES = {"batchHard": batch_hard, "batchAll": batch_all, "semiHard": semi_hard}


def loss_function(name):
    if name not in LOSSES:
        raise SystemExit(
            f"The loss {name!r} is not yet in the package: it carries {', '.join(sorted(LOSSES))}. "
            "Export the run with one of those, or train it in the lab."
        )
    return LOSSES[name]
