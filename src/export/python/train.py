"""Triplet Lab training package: trains the exported run in PyTorch, on one process or several (DDP).

  python train.py --check             recompute the lab's golden batch (loss, census, gradient norm) and stop
  python train.py --steps 1000        train: DistributedDataParallel over every GPU (nccl), else one CPU process
  python train.py --nproc 2           spawn 2 processes (gloo on CPU, nccl on GPUs)
  python train.py --resume            continue from the last checkpoint (checkpoint.pt, every --checkpoint-every steps)

Or start one process per rank with MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE set (torchrun sets them). Each rank
draws distinct identities (a distributed P x K sampler), augments them (augment.py); the embeddings of all ranks are
gathered with the gradient kept for the local slice, so mining and the census cover the global batch. Rank 0 writes the
trained network in the lab's format (trained/) and log.csv in its run-log columns: import both in the Export panel.
"""
import argparse
import datetime
import math
import os
import random
import signal
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from augment import AUGMENT, augment_batch  # noqa: E402
from checkpoint import load_checkpoint, save_checkpoint  # noqa: E402
from losses import LOSS_PARAMETERS, census, loss_and_distance, loss_setup  # noqa: E402
from manifest import load_images, raw, read_manifest  # noqa: E402
from model import WithIdentityHead, build_network, has_batch_norm, outputs, parameter_groups  # noqa: E402
from runlog import RunLog, step_row  # noqa: E402
from sampler import DistributedPKSampler, learning_rate_at, margin_at  # noqa: E402
from tfjs_export import write_tfjs  # noqa: E402
from verify import probe_embeddings, single_process_census, weight_spread  # noqa: E402

TOLERANCE = 1e-4  # relative for a gradient norm above 1: over the ResNet's 5.6 M weights float32 drifts by ~6e-5 of it
# Exit codes of a rank whose collective failed because another rank stopped (the parent then names the one that died),
# and of a rank that stopped with its own message, already printed (e.g. a failed --check).
PEER_STOPPED, STOPPED_WITH_MESSAGE = 75, 76


def leave(world, code=0):
    """Ends a rank of several at once (streams flushed, os._exit): a finished rank whose peers have gone can hang in
    gloo's destructors (seen with torch 1.13 under load), which would keep the whole run waiting for it."""
    if world > 1:
        sys.stdout.flush(), sys.stderr.flush()
        os._exit(code)


def build_model(manifest):
    return build_network(manifest, HERE)


def gathered(local, keep_grad=True):
    """all_gather of every rank's `local` [b, ...]; this rank's slice is `local` itself, so its gradient is kept."""
    if local is None or not dist.is_initialized() or dist.get_world_size() == 1:
        return local
    parts = [torch.empty_like(local) for _ in range(dist.get_world_size())]
    dist.all_gather(parts, local.detach().contiguous())
    if keep_grad:
        parts[dist.get_rank()] = local
    return torch.cat(parts)


def batch_loss(model, pixels, labels, trainer, step, context=None):
    """Forward in training mode, the loss over the global batch. pixels [B, S, S, C] as stored (NHWC). A network with
    the identity head (WithIdentityHead) gives each rank's logits too, gathered like the embeddings.
    @returns loss, the global [B, B] distances, the global labels and the global [B, D] embeddings"""
    embeddings, logits = outputs(model(pixels.permute(0, 3, 1, 2).contiguous()))
    embeddings, labels, logits = gathered(embeddings), gathered(labels, False), gathered(logits)
    context = {"step": step, **(context or {}), **({"logits": logits} if logits is not None else {})}
    margin = margin_at(trainer["margin"], step)
    loss, d = loss_and_distance(trainer, embeddings, labels, margin, context)
    return loss, d, labels, embeddings


def start_processes(rank, world, port, cuda, timeout_s=120):
    """Joins the process group (gloo on CPU, nccl with CUDA); returns this rank's device. Ranks spawned by --nproc meet
    at the parent's store on `port`; ranks started by a launcher (RANK, WORLD_SIZE set) meet through MASTER_ADDR and
    MASTER_PORT. A collective waits at most `timeout_s` for a rank that stopped."""
    device = torch.device("cuda") if cuda and torch.cuda.is_available() else torch.device("cpu")
    if world > 1:
        backend = "nccl" if device.type == "cuda" else "gloo"
        timeout = datetime.timedelta(seconds=timeout_s)
        if "RANK" in os.environ and "WORLD_SIZE" in os.environ:
            dist.init_process_group(backend, rank=rank, world_size=world, timeout=timeout)
        else:
            store = dist.TCPStore("127.0.0.1", port, world, False, timeout=timeout)
            dist.init_process_group(backend, store=store, rank=rank, world_size=world, timeout=timeout)
        if device.type == "cpu":
            torch.set_num_threads(max(1, len(os.sched_getaffinity(0)) // world))  # W ranks share the cores
        if backend == "nccl":
            device = torch.device("cuda", rank % torch.cuda.device_count())
            torch.cuda.set_device(device)
    return device


def check(rank, world, args, port):
    """Recomputes the golden batch from the initial weights (no augmentation); exits 1 naming each quantity off by more
    than 1e-4 (a gradient norm above 1: 1e-4 of it). On W processes each rank embeds 1/W of the batch (no batch norm)."""
    manifest = read_manifest(HERE)
    start_processes(rank, world, port, cuda=False)
    golden, trainer = manifest["golden"], manifest["trainer"]
    size, channels = manifest["preprocessing"]["size"], manifest["preprocessing"]["channels"]
    labels = torch.tensor(golden["labels"], dtype=torch.int64)
    pixels = raw(HERE, "golden/pixels.f32", np.float32, (len(labels), size, size, channels))
    if world > 1:
        if len(labels) % world:
            raise SystemExit(f"the golden batch of {len(labels)} images does not split over {world} processes")
        share = len(labels) // world
        pixels, labels = pixels[rank * share:(rank + 1) * share], labels[rank * share:(rank + 1) * share]
    model = build_model(manifest)
    model.train()
    net = torch.nn.parallel.DistributedDataParallel(model) if world > 1 else model
    loss, d, all_labels, embeddings = batch_loss(net, pixels, labels, trainer, 0, golden.get("context"))
    counts = census(d, all_labels, margin_at(trainer["margin"], 0))
    # DDP averages the ranks' gradients: scaled by W, the average is the global loss's gradient.
    (loss * world).backward()
    parameters = list(model.parameters()) + LOSS_PARAMETERS
    grad_norm = math.sqrt(sum(float((p.grad.double() ** 2).sum()) for p in parameters if p.grad is not None))
    if rank > 0:
        return dist.destroy_process_group(), leave(world)
    lab_emb = raw(HERE, "golden/embeddings.f32", np.float32, tuple(embeddings.shape))
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
        if not diff <= TOLERANCE * (max(1.0, abs(lab)) if name == "gradient norm" else 1.0):
            bad.append(f"{name} (lab {lab:.8g}, pytorch {torch_value:.8g})")
    if bad:
        raise SystemExit("check FAILED: the PyTorch run differs from the lab by more than 1e-4 in " + "; ".join(bad))
    if world > 1:
        dist.destroy_process_group()
    print(f"check passed: {trainer['loss']} on the golden batch of {len(embeddings)} images on {world} process(es) matches the lab to 1e-4")
    if AUGMENT:
        print("the golden batch was measured with augmentation off (the lab's random draws are tfjs's); training augments")
    leave(world)


def make_optimizer(params, trainer):
    if trainer["optimizer"] == "adam":
        return torch.optim.Adam(params, lr=trainer["learningRate"], betas=(0.9, 0.999), eps=1e-7, weight_decay=trainer["weightDecay"])
    return torch.optim.SGD(params, lr=trainer["learningRate"], momentum=0.9, weight_decay=trainer["weightDecay"])


def train(rank, world, args, port):
    manifest = read_manifest(HERE)
    device = start_processes(rank, world, port, cuda=not args.cpu, timeout_s=args.timeout)
    trainer = manifest["trainer"]
    torch.manual_seed(trainer["seed"])
    random.seed(trainer["seed"] * 1000 + rank)  # augment.py's draws: distinct per rank
    pixels, labels = load_images(HERE, manifest)
    sampler = DistributedPKSampler(labels, trainer["P"], trainer["K"], trainer["seed"], rank, world)
    embedder, setup = build_model(manifest).to(device), loss_setup(manifest)
    # A loss on identity logits trains the head too: one module with the embedder, so DDP all-reduces its gradients.
    model = WithIdentityHead(embedder, setup["head"]).to(device) if "head" in setup else embedder
    context = {"identity_ids": setup["identity_ids"]} if "head" in setup else {}
    optimizer = make_optimizer(parameter_groups(model), trainer)
    first = load_checkpoint(args.checkpoint, model, optimizer, sampler) if args.resume else 0
    net = torch.nn.parallel.DistributedDataParallel(model) if world > 1 else model
    log = RunLog(args.log, world, first if args.resume else None) if rank == 0 else None
    if rank == 0 and first:
        print(f"resumed from {args.checkpoint} at step {first}", flush=True)
    spread = None
    for step in range(first, args.steps):
        if rank == args.fail_rank and step + 1 == args.fail_step:
            os.kill(os.getpid(), signal.SIGKILL)  # fault injection for the tests: a rank dies mid-run
        began = time.perf_counter()
        lr = learning_rate_at(trainer["schedule"], trainer["learningRate"], step)
        for group in optimizer.param_groups:
            group["lr"] = lr * group["lr_scale"]
        index = torch.from_numpy(sampler.next())
        x = pixels[index].to(device=device, dtype=torch.float32) * (1.0 / 255.0)
        if AUGMENT:
            x = augment_batch(x)
        model.train()
        single = single_process_census(model, pixels, labels, sampler.global_batch, trainer, step, device, context) if args.verify_census and rank == 0 else None
        loss, d, all_labels, embeddings = batch_loss(net, x, labels[index].to(device), trainer, step, context)
        optimizer.zero_grad()
        # DDP averages the ranks' gradients; each rank's gradient is only its slice's share of the global loss's.
        (loss * world).backward()
        optimizer.step()
        if world > 1 and args.verify_ranks:
            spread = weight_spread(model)
        ms = (time.perf_counter() - began) * 1000
        if log:
            cells, population = step_row(step + 1, loss, d.cpu(), all_labels.cpu(), embeddings.cpu(),
                                         margin_at(trainer["margin"], step), lr, ms, world, spread, single)
            log.write(cells)
            print(f"step {step + 1}: loss {float(loss):.6f} census {population}", flush=True)
            if (step + 1) % args.checkpoint_every == 0 or step + 1 == args.steps:
                save_checkpoint(args.checkpoint, step + 1, model, optimizer, sampler)
    if world > 1:
        worst = weight_spread(model)
        if rank == 0:
            print(f"weights identical across {world} ranks after {args.steps} steps" if worst == 0
                  else f"weights differ across ranks by {worst:.3g} after {args.steps} steps", flush=True)
    if log:
        log.close()
        write_tfjs(embedder, args.out, manifest["tfjs"], os.path.join(HERE, "weights.json"))
        probe_embeddings(embedder, pixels, args.probe, device).tofile(os.path.join(args.out, "probe.f32"))
        print(f"trained network written to {args.out} (model.json + weights.bin), log to {args.log}", flush=True)
    if world > 1:
        dist.barrier()  # every rank leaves together, once rank 0 has written the files
        dist.destroy_process_group()
        leave(world)


def rank_main(rank, mode, world, args, port):
    """One rank of `mode` ('check' or 'train'); a collective failed by another rank's stop exits with PEER_STOPPED."""
    try:
        (check if mode == "check" else train)(rank, world, args, port)
    except RuntimeError as error:
        if world > 1 and dist.is_initialized():
            print(f"rank {rank}: a collective failed ({str(error).splitlines()[0]}): another rank stopped", file=sys.stderr, flush=True)
            os._exit(PEER_STOPPED)
        raise
    except SystemExit as stop:
        if world > 1 and not isinstance(stop.code, int):
            print(stop.code, file=sys.stderr)
            leave(world, STOPPED_WITH_MESSAGE)
        raise


def spawn(mode, args):
    """Spawns --nproc ranks around a rendezvous store this process holds (on a free port unless --port names one, so
    runs side by side never meet each other's ranks, and the store outlives any rank); when one rank dies the others
    are stopped and the message names it and the last checkpoint."""
    try:
        store = dist.TCPStore("127.0.0.1", args.port, args.nproc, True, timeout=datetime.timedelta(seconds=args.timeout),
                              wait_for_workers=False)
    except RuntimeError as error:
        raise SystemExit(f"cannot open the ranks' rendezvous on 127.0.0.1:{args.port} ({str(error).splitlines()[0]}): "
                         "leave --port out to use a free port")
    context = mp.spawn(rank_main, args=(mode, args.nproc, args, store.port), nprocs=args.nproc, join=False)
    try:
        while not context.join():
            pass
    except (mp.ProcessExitedException, mp.ProcessRaisedException) as error:
        codes = {i: p.exitcode for i, p in enumerate(context.processes)}
        if STOPPED_WITH_MESSAGE in codes.values():
            raise SystemExit(1)  # the rank printed why
        dead = [i for i, c in codes.items() if c not in (0, PEER_STOPPED, -signal.SIGTERM, None)] or [error.error_index]
        how = ", ".join(f"rank {i} (exit code {codes[i]})" for i in dead)
        saved = (f"The last checkpoint, {args.checkpoint} at step {torch.load(args.checkpoint)['step']}, is whole: "
                 "continue with --resume" if os.path.exists(args.checkpoint) else "No checkpoint was written yet")
        raise SystemExit(f"{how} stopped mid-run; the other ranks were stopped. {saved}.")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="recompute the golden batch and stop")
    parser.add_argument("--nproc", type=int, help="processes to spawn (DDP); default: one per GPU, or 1 on a CPU")
    parser.add_argument("--steps", type=int, default=100, help="train up to this step (counted from the lab's weights)")
    parser.add_argument("--log", default=os.path.join(HERE, "log.csv"), help="CSV log in the lab's run-log columns")
    parser.add_argument("--out", default=os.path.join(HERE, "trained"), help="folder of the trained model.json + weights.bin")
    parser.add_argument("--checkpoint", default=os.path.join(HERE, "checkpoint.pt"))
    parser.add_argument("--checkpoint-every", type=int, default=50)
    parser.add_argument("--resume", action="store_true", help="continue from --checkpoint")
    parser.add_argument("--verify-ranks", action="store_true", help="after each step, the largest weight difference across ranks (logged)")
    parser.add_argument("--verify-census", action="store_true", help="rank 0 also measures the census of the global batch on one process (logged)")
    parser.add_argument("--probe", type=int, default=16, help="training images whose trained embeddings go to probe.f32")
    parser.add_argument("--cpu", action="store_true", help="train on the CPU even where CUDA is available")
    parser.add_argument("--timeout", type=int, default=120, help="seconds a collective waits for a stopped rank")
    parser.add_argument("--port", type=int, default=0, help="port of the --nproc ranks' rendezvous; 0: a free one")
    parser.add_argument("--fail-rank", type=int, default=-1, help=argparse.SUPPRESS)
    parser.add_argument("--fail-step", type=int, default=-1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.nproc = args.nproc or (1 if args.cpu or args.check else max(1, torch.cuda.device_count()))
    mode = "check" if args.check else "train"
    manifest = read_manifest(HERE)
    if args.check and args.nproc > 1 and has_batch_norm(manifest):
        raise SystemExit("--check on several processes needs a network without batch norm: each rank would "
                         "normalise with its own slice's statistics. Run --check on one process.")
    if args.verify_census and (AUGMENT or has_batch_norm(manifest)):
        raise SystemExit("--verify-census needs a run without augmentation and batch norm: one process would embed the "
                         "images unaugmented, or normalise the global batch with other statistics than the ranks' slices.")
    if not args.check:
        load_images(HERE, manifest)  # a data folder that is not the run's stops here, before any process starts
    if "RANK" in os.environ and "WORLD_SIZE" in os.environ:
        return rank_main(int(os.environ["RANK"]), mode, int(os.environ["WORLD_SIZE"]), args, args.port)
    if args.nproc > 1:
        spawn(mode, args)
    else:
        rank_main(0, mode, 1, args, args.port)


if __name__ == "__main__":
    main()
