"""Triplet Lab training package: trains the exported run in PyTorch, on one process or several (DDP).

  python train.py --check             recompute the lab's golden batch (loss, census, gradient norm) and stop
  python train.py --steps 1000        train on one process
  python train.py --nproc 2           spawn 2 processes: DistributedDataParallel, gloo on CPU, nccl on GPUs

Or start one process per rank yourself with MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE set (torchrun sets them).
Every rank draws distinct identities (a distributed P x K sampler); the embeddings of all ranks are gathered with the
gradient kept for the local slice, so mining and the census cover the global batch of P x K images.
"""
import argparse
import csv
import json
import math
import os
import sys

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from losses import census, loss_function, pairwise_distance  # noqa: E402
from model import PlanNet, load_weights  # noqa: E402

TOLERANCE = 1e-4
FORMAT = 1


def read_manifest():
    with open(os.path.join(HERE, "manifest.json")) as f:
        manifest = json.load(f)
    if manifest.get("format") != FORMAT:
        raise SystemExit(f"manifest.json has format {manifest.get('format')}, this train.py reads format {FORMAT}")
    return manifest


def raw(path, dtype, shape):
    return torch.from_numpy(np.fromfile(os.path.join(HERE, path), dtype=dtype).reshape(shape))


def build_model(manifest):
    return load_weights(PlanNet(manifest["model"]["plan"]), HERE)


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
    fewer than K images is drawn with repetition."""

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
        batch = []
        for i, identity in enumerate(chosen):
            images = self.images[identity]
            pick = self.rng.choice(images, self.K, replace=len(images) < self.K)
            if share * self.rank <= i < share * (self.rank + 1):
                batch.extend(int(j) for j in pick)
        return np.array(batch)


def global_embeddings(local, labels):
    """all_gather of every rank's embeddings; this rank's slice is replaced by `local`, so its gradient is kept."""
    if not dist.is_initialized() or dist.get_world_size() == 1:
        return local, labels
    world, rank = dist.get_world_size(), dist.get_rank()
    gathered = [torch.empty_like(local) for _ in range(world)]
    dist.all_gather(gathered, local.detach().contiguous())
    gathered[rank] = local
    all_labels = [torch.empty_like(labels) for _ in range(world)]
    dist.all_gather(all_labels, labels.contiguous())
    return torch.cat(gathered), torch.cat(all_labels)


def batch_loss(model, pixels, labels, trainer, step):
    """Forward in training mode, loss and census over the global batch. pixels [B, S, S, C] as stored (NHWC)."""
    embeddings = model(pixels.permute(0, 3, 1, 2).contiguous())
    embeddings, labels = global_embeddings(embeddings, labels)
    margin = margin_at(trainer["margin"], step)
    d = pairwise_distance(embeddings, trainer["distance"], trainer["model"]["normalize"])
    loss = loss_function(trainer["loss"])(d, labels, margin, trainer["lossOptions"])
    return loss, census(d, labels, margin), embeddings


def start_processes(rank, world, port, cuda):
    """Joins the process group (gloo on CPU, nccl with CUDA); returns this rank's device."""
    device = torch.device("cuda") if cuda and torch.cuda.is_available() else torch.device("cpu")
    if world > 1:
        os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
        os.environ.setdefault("MASTER_PORT", str(port))
        backend = "nccl" if device.type == "cuda" else "gloo"
        dist.init_process_group(backend, rank=rank, world_size=world)
        if backend == "nccl":
            device = torch.device("cuda", rank % torch.cuda.device_count())
            torch.cuda.set_device(device)
    return device


def check(rank, world, args, port):
    """Recomputes the golden batch from the initial weights; exits 1 naming each quantity off by more than 1e-4.
    On W processes each rank embeds 1/W of the batch and the loss, census and gradient are the global batch's; the
    network must then be without batch norm (each rank would normalise with its own slice's statistics)."""
    manifest = read_manifest()
    start_processes(rank, world, port, cuda=False)
    golden, trainer = manifest["golden"], manifest["trainer"]
    size, channels = manifest["preprocessing"]["size"], manifest["preprocessing"]["channels"]
    labels = torch.tensor(golden["labels"], dtype=torch.int64)
    pixels = raw("golden/pixels.f32", np.float32, (len(labels), size, size, channels))
    if world > 1:
        if trainer["model"]["batchNorm"]:
            raise SystemExit("--check on several processes needs a network without batch norm: each rank would "
                             "normalise with its own slice's statistics. Run --check on one process.")
        if len(labels) % world:
            raise SystemExit(f"the golden batch of {len(labels)} images does not split over {world} processes")
        share = len(labels) // world
        pixels, labels = pixels[rank * share:(rank + 1) * share], labels[rank * share:(rank + 1) * share]
    model = build_model(manifest)
    model.train()
    net = torch.nn.parallel.DistributedDataParallel(model) if world > 1 else model
    loss, counts, embeddings = batch_loss(net, pixels, labels, trainer, 0)
    # DDP averages the ranks' gradients: scaled by W, the average is the global loss's gradient.
    (loss * world).backward()
    grad_norm = math.sqrt(sum(float((p.grad.double() ** 2).sum()) for p in model.parameters() if p.grad is not None))
    if rank > 0:
        return dist.destroy_process_group()
    lab_emb = raw("golden/embeddings.f32", np.float32, tuple(embeddings.shape))
    normalized = embeddings.detach()
    if trainer["model"]["normalize"]:
        normalized = normalized * torch.rsqrt(torch.clamp((normalized ** 2).sum(1, keepdim=True), min=1e-12))
    rows = [
        ("loss", golden["loss"], float(loss)),
        ("gradient norm", golden["gradNorm"], grad_norm),
        ("embeddings, max |lab - pytorch|", 0.0, float((normalized - lab_emb).abs().max())),
    ] + [(f"census {k}", golden["census"][k], counts[k]) for k in ("hard", "semiHard", "easy", "total")]
    bad = []
    for name, lab, torch_value in rows:
        diff = abs(lab - torch_value)
        print(f"{name:32s} lab {lab:.8g}  pytorch {torch_value:.8g}  |difference| {diff:.3g}")
        if not diff <= TOLERANCE:
            bad.append(f"{name} (lab {lab:.8g}, pytorch {torch_value:.8g})")
    if bad:
        raise SystemExit("check FAILED: the PyTorch run differs from the lab by more than 1e-4 in " + "; ".join(bad))
    if world > 1:
        dist.destroy_process_group()
    print(f"check passed: {trainer['loss']} on the golden batch of {len(embeddings)} images on {world} process(es) matches the lab to 1e-4")


def make_optimizer(params, trainer):
    if trainer["optimizer"] == "adam":
        return torch.optim.Adam(params, lr=trainer["learningRate"], betas=(0.9, 0.999), eps=1e-7, weight_decay=trainer["weightDecay"])
    return torch.optim.SGD(params, lr=trainer["learningRate"], momentum=0.9, weight_decay=trainer["weightDecay"])


def weights_agree(model):
    """Largest |difference| between this rank's trained parameters and rank 0's (0 when DDP keeps them in step).
    Batch norm's running statistics are left out: each rank updates them from its own slice, and DDP broadcasts
    rank 0's at the start of each forward."""
    worst = 0.0
    for value in model.parameters():
        with torch.no_grad():
            reference = value.detach().clone()
            dist.broadcast(reference, 0)
            worst = max(worst, float((reference - value.detach()).abs().max()))
    return worst


def train(rank, world, args, port):
    manifest = read_manifest()
    device = start_processes(rank, world, port, cuda=True)
    trainer = manifest["trainer"]
    torch.manual_seed(trainer["seed"])
    prep = manifest["preprocessing"]
    labels = raw("data/labels.i32", np.int32, (-1,)).long()
    pixels = raw("data/pixels.u8", np.uint8, (len(labels), prep["size"], prep["size"], prep["channels"]))
    sampler = DistributedPKSampler(labels, trainer["P"], trainer["K"], trainer["seed"], rank, world)
    model = build_model(manifest).to(device)
    net = torch.nn.parallel.DistributedDataParallel(model) if world > 1 else model
    optimizer = make_optimizer(net.parameters(), trainer)
    log = open(args.log, "w", newline="") if rank == 0 else None
    writer = csv.writer(log, lineterminator="\n") if log else None
    if writer:
        writer.writerow(["step", "loss", "hard", "semiHard", "easy", "total", "learningRate"])
    for step in range(args.steps):
        lr = learning_rate_at(trainer["schedule"], trainer["learningRate"], step)
        for group in optimizer.param_groups:
            group["lr"] = lr
        index = torch.from_numpy(sampler.next())
        x = pixels[index].to(device=device, dtype=torch.float32) * (1.0 / 255.0)
        loss, counts, _ = batch_loss(net, x, labels[index].to(device), trainer, step)
        optimizer.zero_grad()
        # DDP averages the ranks' gradients; each rank's gradient is only its slice's share of the global loss's.
        (loss * world).backward()
        optimizer.step()
        if writer:
            writer.writerow([step + 1, f"{float(loss):.8g}", counts["hard"], counts["semiHard"], counts["easy"], counts["total"], f"{lr:.8g}"])
            log.flush()
            print(f"step {step + 1}: loss {float(loss):.6f} census {counts}", flush=True)
    if world > 1:
        worst = torch.tensor(weights_agree(model))
        dist.all_reduce(worst, op=dist.ReduceOp.MAX)
        if rank == 0:
            print(f"weights identical across {world} ranks after {args.steps} steps" if float(worst) == 0
                  else f"weights differ across ranks by {float(worst):.3g} after {args.steps} steps", flush=True)
    if log:
        log.close()
        torch.save(model.state_dict(), args.out)
    if world > 1:
        dist.destroy_process_group()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="recompute the golden batch and stop")
    parser.add_argument("--nproc", type=int, default=1, help="processes to spawn (DDP); 1: a single process")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--log", default=os.path.join(HERE, "log.csv"), help="CSV log: step, loss, census, learning rate")
    parser.add_argument("--out", default=os.path.join(HERE, "weights.pt"), help="trained weights (state_dict)")
    parser.add_argument("--port", type=int, default=29517)
    args = parser.parse_args()
    run = check if args.check else train
    if args.check and args.nproc > 1 and read_manifest()["trainer"]["model"]["batchNorm"]:
        raise SystemExit("--check on several processes needs a network without batch norm: each rank would "
                         "normalise with its own slice's statistics. Run --check on one process.")
    if "RANK" in os.environ and "WORLD_SIZE" in os.environ:
        return run(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), args, args.port)
    if args.nproc > 1:
        mp.spawn(run, args=(args.nproc, args, args.port), nprocs=args.nproc, join=True)
    else:
        run(0, 1, args, args.port)


if __name__ == "__main__":
    main()
