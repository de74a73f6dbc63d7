"""The lab's distributed P x K sampler and its margin and learning-rate schedules (src/data/samplers, learningRate.ts)."""
import math

import numpy as np


def margin_at(schedule, step):
    if schedule["kind"] == "constant":
        return schedule["margin"]
    if step >= schedule["steps"]:
        return schedule["to"]
    if schedule["kind"] == "linear":
        return schedule["from"] + (schedule["to"] - schedule["from"]) * step / schedule["steps"]
    return schedule["from"]


def learning_rate_at(schedule, base, step):
    """The lab's learningRate.ts: constant / exponential (to 0.001 at t1) / cosine, optional linear warm-up."""
    warmup, start, end = schedule["warmup"], schedule["start"], schedule["end"]
    warm = (step + 1) / warmup if warmup > 0 and step < warmup else 1.0
    if end > start:
        progress = min(1.0, max(0.0, (step - start) / (end - start)))
    else:
        progress = 1.0 if step >= start else 0.0
    if schedule["kind"] == "exponential":
        return base * warm * 0.001 ** progress
    if schedule["kind"] == "cosine":
        return base * warm * 0.5 * (1 + math.cos(math.pi * progress))
    return base * warm


class DistributedPKSampler:
    """P identities x K images per global batch; identities in a seeded shuffled order, each once per epoch; rank r
    takes identities [r * P / W, (r + 1) * P / W) of each batch, so ranks never share an identity. An identity with
    fewer than K images is drawn with repetition. Every rank draws the whole global batch from the same generator, so
    the ranks' slices concatenated are the batch one process would draw, and one rank's state resumes them all."""

    def __init__(self, labels, P, K, seed, rank=0, world=1):
        if P % world:
            raise SystemExit(f"P = {P} identities do not split over {world} processes: choose P a multiple of {world}")
        ids = sorted(set(labels.tolist()))
        if len(ids) < P:
            raise SystemExit(f"P = {P} but the training split has {len(ids)} identities")
        self.images = {i: np.flatnonzero(labels.numpy() == i) for i in ids}
        self.ids, self.P, self.K = np.array(ids), P, K
        self.rng = np.random.default_rng(seed)
        self.rank, self.world = rank, world
        self.order, self.at = [], 0

    def next(self):
        chosen = []
        while len(chosen) < self.P:
            if self.at >= len(self.order):
                self.order, self.at = self.rng.permutation(self.ids), 0
            if self.order[self.at] not in chosen:
                chosen.append(self.order[self.at])
            self.at += 1
        share = self.P // self.world
        batch, self.global_batch = [], []
        for i, identity in enumerate(chosen):
            images = self.images[identity]
            pick = self.rng.choice(images, self.K, replace=len(images) < self.K)
            self.global_batch.extend(int(j) for j in pick)
            if share * self.rank <= i < share * (self.rank + 1):
                batch.extend(int(j) for j in pick)
        return np.array(batch)

    def state_dict(self):
        return {"rng": self.rng.bit_generator.state, "order": [int(i) for i in self.order], "at": self.at}

    def load_state_dict(self, state):
        self.rng.bit_generator.state = state["rng"]
        self.order, self.at = np.array(state["order"], dtype=self.ids.dtype), state["at"]
