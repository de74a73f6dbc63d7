"""What --verify-ranks and --verify-census measure, and the round trip's probe embeddings."""
import torch
import torch.distributed as dist

from losses import census, loss_and_distance
from model import outputs
from sampler import margin_at


def weight_spread(model):
    """Largest |difference| between any rank's parameters and rank 0's, on every rank (0 when DDP keeps them in step).
    Not batch norm's running statistics: each rank updates its own; DDP broadcasts rank 0's before each forward."""
    worst = 0.0
    for value in model.parameters():
        with torch.no_grad():
            reference = value.detach().clone()
            dist.broadcast(reference, 0)
            worst = max(worst, float((reference - value.detach()).abs().max()))
    worst = torch.tensor(worst)
    dist.all_reduce(worst, op=dist.ReduceOp.MAX)
    return float(worst)


def single_process_census(model, pixels, labels, batch, trainer, step, device, context):
    """The census of the global batch in one forward of the unwrapped network with the step's weights (no DDP, no
    gather): what the ranks' gathered census must equal. context: the training loop's loss context."""
    index = torch.tensor(batch)
    x = pixels[index].to(device=device, dtype=torch.float32) * (1.0 / 255.0)
    y = labels[index].to(device)
    margin = margin_at(trainer["margin"], step)
    with torch.no_grad():
        embeddings, logits = outputs(model(x.permute(0, 3, 1, 2).contiguous()))
        extra = {"logits": logits} if logits is not None else {}
        _, d = loss_and_distance(trainer, embeddings, y, margin, {"step": step, **context, **extra})
    return census(d.cpu(), y.cpu(), margin)


def probe_embeddings(model, pixels, count, device):
    """Eval-mode embeddings of the first `count` training images, [count, D] float32: the round trip's reference."""
    model.eval()
    with torch.no_grad():
        x = pixels[:count].to(device=device, dtype=torch.float32) * (1.0 / 255.0)
        return model(x.permute(0, 3, 1, 2).contiguous()).cpu().numpy().astype("<f4")
