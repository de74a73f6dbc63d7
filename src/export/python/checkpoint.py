"""Checkpoints of a PyTorch run: the network, the optimizer, the sampler's generator and the step, written by rank 0
to a temporary file and renamed, so a run killed mid-write leaves the previous checkpoint whole."""
import os

import torch


def save_checkpoint(path, step, model, optimizer, sampler):
    state = {"step": step, "model": model.state_dict(), "optimizer": optimizer.state_dict(), "sampler": sampler.state_dict()}
    temporary = path + ".tmp"
    torch.save(state, temporary)
    os.replace(temporary, path)


def load_checkpoint(path, model, optimizer, sampler):
    """Restores what save_checkpoint wrote; returns the step it was taken after."""
    if not os.path.exists(path):
        raise SystemExit(f"--resume: no checkpoint at {path}; train without --resume to start from the lab's weights")
    state = torch.load(path, map_location="cpu")
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    sampler.load_state_dict(state["sampler"])
    return state["step"]
