"""The CSV log of a PyTorch run in the lab's run-log columns (src/export/runLogExport.ts), so the lab reads it back
as a run, plus each rank's census: the triplets whose anchor is in that rank's slice of the global batch (the ranks'
censuses add up to the global one). Columns the script does not measure (the miner's selection) stay empty."""
import csv
import os

import torch

COUNTS = ("easy", "semiHard", "hard", "total")
LAB_COLUMNS = (["step", "loss", "activeFraction", "margin"] + [f"population_{k}" for k in COUNTS]
               + [f"selection_{k}" for k in COUNTS] + ["apMean", "anMean", "meanNorm", "learningRate", "msPerStep", "marker"])


def columns(world):
    return (LAB_COLUMNS + [f"rank{r}_{k}" for r in range(world) for k in COUNTS] + ["weightSpread"]
            + [f"single_{k}" for k in COUNTS])


def anchor_census(dist, labels, margin, rows):
    """{easy, semiHard, hard, total} of the triplets (a, p, n) of the batch with a in `rows`; O(B^2) memory."""
    d = dist.detach()[rows]
    same = labels[rows][:, None] == labels[None, :]
    self_pair = torch.zeros_like(same)
    self_pair[torch.arange(d.shape[0]), torch.arange(rows.start, rows.stop)] = True
    positive, negative = same & ~self_pair, ~same
    neg = torch.sort(torch.where(negative, d, torch.full_like(d, float("inf"))), dim=1).values
    below_ap = torch.searchsorted(neg, d.contiguous(), right=False)
    below_v = torch.searchsorted(neg, (d + margin).contiguous(), right=False)
    n_neg = negative.sum(1, keepdim=True).expand_as(d)
    hard = int(below_ap[positive].sum())
    semi = int((below_v - below_ap)[positive].sum())
    easy = int((n_neg - below_v)[positive].sum())
    return {"easy": easy, "semiHard": semi, "hard": hard, "total": hard + semi + easy}


def step_row(step, loss, dist, labels, embeddings, margin, lr, ms, world, spread, single=None):
    """One CSV row: the global census, each rank's (equal slices of the global batch, in rank order), the weight
    spread across ranks and `single`, the census one process measures on the same global batch (--verify-census)."""
    b = len(labels)
    population = anchor_census(dist, labels, margin, slice(0, b))
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(b, dtype=torch.bool)
    d = dist.detach()
    ap = d[same & ~eye]
    an = d[~same]
    active = (population["hard"] + population["semiHard"]) / population["total"] if population["total"] else 0.0
    cells = [step, f"{float(loss):.8g}", f"{active:.8g}", f"{margin:.8g}"] + [population[k] for k in COUNTS]
    cells += [""] * 4
    cells += [f"{float(ap.mean()) if len(ap) else 0.0:.8g}", f"{float(an.mean()) if len(an) else 0.0:.8g}",
              f"{float(embeddings.detach().norm(dim=1).mean()):.8g}", f"{lr:.8g}", f"{ms:.4g}", ""]
    share = b // world
    for r in range(world):
        counts = anchor_census(dist, labels, margin, slice(r * share, (r + 1) * share))
        cells += [counts[k] for k in COUNTS]
    cells.append("" if spread is None else f"{spread:.3g}")
    cells += [single[k] for k in COUNTS] if single else [""] * 4
    return cells, population


class RunLog:
    """Appends rows; on resume keeps the rows up to the checkpoint's step and drops the ones after it."""

    def __init__(self, path, world, resume_step=None):
        header = columns(world)
        kept = []
        if resume_step is not None and os.path.exists(path):
            with open(path, newline="") as f:
                rows = list(csv.reader(f))
            if rows and rows[0] == header:
                kept = [r for r in rows[1:] if r and int(r[0]) <= resume_step]
        self.file = open(path, "w", newline="")
        self.writer = csv.writer(self.file, lineterminator="\n")
        self.writer.writerow(header)
        self.writer.writerows(kept)
        self.file.flush()

    def write(self, cells):
        self.writer.writerow(cells)
        self.file.flush()

    def close(self):
        self.file.close()
