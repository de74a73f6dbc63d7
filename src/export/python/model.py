"""The lab's embedding network in plain PyTorch, built layer for layer from the plan the lab exports (src/model/plan.ts).

LuNet-style (Hermans, Beyer & Leibe 2017): stem conv 3x3 -> [BN] -> ReLU -> [max pool], basic residual blocks with a
1x1 projection shortcut where the shape changes, global average pooling, a linear embedding head. Convolutions and the
pool use TensorFlow's 'same' padding (asymmetric on stride 2), batch norm tfjs's epsilon 1e-3 and momentum 0.9.
Weights load from weights.bin + weights.json, already in torch layout (OIHW kernels, [out, in] dense kernels).
The pretrained face ResNet-34 backbone is face_resnet.py; build_network picks the one the manifest describes.
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from face_resnet import FaceResNetEmbedder


def same_padding(size, kernel, stride):
    """(before, after) padding of TensorFlow's 'same' for one spatial axis."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class SameConv2d(nn.Conv2d):
    """tfjs conv2d with padding 'same': pads bottom/right more when the total padding is odd."""

    def forward(self, x):
        top, bottom = same_padding(x.shape[2], self.kernel_size[0], self.stride[0])
        left, right = same_padding(x.shape[3], self.kernel_size[1], self.stride[1])
        return super().forward(F.pad(x, (left, right, top, bottom)))


class PlanNet(nn.Module):
    """[B, C, S, S] float32 -> [B, D] unnormalised embeddings; `plan` is manifest['model']['plan']."""

    def __init__(self, plan):
        super().__init__()
        self.plan = plan
        self.layers = nn.ModuleDict()
        for layer in plan:
            kind, name = layer["kind"], layer["name"]
            if kind == "conv":
                in_channels = layer["inShape"][2]
                self.layers[name] = SameConv2d(in_channels, layer["filters"], layer["kernel"], layer["stride"], bias=layer["useBias"])
            elif kind == "batchNorm":
                self.layers[name] = nn.BatchNorm2d(layer["inShape"][2], eps=1e-3, momentum=0.1)
            elif kind == "dense":
                self.layers[name] = nn.Linear(layer["inShape"][0], layer["units"], bias=layer["useBias"])
            elif kind not in ("input", "relu", "maxPool", "add", "globalAvgPool"):
                raise ValueError(f"model.py: unknown layer kind {kind!r} ({name})")

    def forward(self, x):
        nodes = {}
        out = x
        for layer in self.plan:
            kind, name = layer["kind"], layer["name"]
            inputs = [nodes[i] for i in layer["inputs"]]
            if kind == "input":
                out = x
            elif kind in ("conv", "batchNorm", "dense"):
                out = self.layers[name](inputs[0])
            elif kind == "relu":
                out = F.relu(inputs[0])
            elif kind == "maxPool":
                p = layer["pool"]
                top, bottom = same_padding(inputs[0].shape[2], p, p)
                left, right = same_padding(inputs[0].shape[3], p, p)
                padded = F.pad(inputs[0], (left, right, top, bottom), value=float("-inf"))
                out = F.max_pool2d(padded, p, p)
            elif kind == "add":
                out = inputs[0]
                for other in inputs[1:]:
                    out = out + other
            elif kind == "globalAvgPool":
                out = inputs[0].mean(dim=(2, 3))
            nodes[name] = out
        return out


class WithIdentityHead(nn.Module):
    """The embedder and a loss's identity head (softmaxTriplet) as one module, so DDP all-reduces the head's gradients
    with the network's. forward: the raw embeddings [b, D] and the head's logits [b, C] of this rank's images."""

    def __init__(self, embedder, head):
        super().__init__()
        self.embedder = embedder
        self.kernel = nn.Parameter(torch.tensor(head["kernel"], dtype=torch.float32))  # [D, C], the lab's initial
        self.bias = nn.Parameter(torch.tensor(head["bias"], dtype=torch.float32))

    def forward(self, x):
        embeddings = self.embedder(x)
        return embeddings, embeddings @ self.kernel + self.bias


def outputs(out):
    """(embeddings, logits or None) of a network's forward: PlanNet's embeddings, or WithIdentityHead's pair."""
    return out if isinstance(out, tuple) else (out, None)


def l2_normalize(x):
    """Row-wise x / sqrt(max(|x|^2, 1e-12)), as the lab's l2Normalize."""
    return x * torch.rsqrt(torch.clamp((x * x).sum(1, keepdim=True), min=1e-12))


def load_weights(model, folder):
    """Copies weights.bin (float32, little-endian) into the model by the index in weights.json; checks every shape."""
    with open(os.path.join(folder, "weights.json")) as f:
        index = json.load(f)
    raw = torch.frombuffer(bytearray(open(os.path.join(folder, "weights.bin"), "rb").read()), dtype=torch.float32)
    state = model.state_dict()
    seen = set()
    for entry in index:
        key = entry["torch"]
        if key not in state:
            raise KeyError(f"weights.json names {key} ({entry['tfjs']}), which the network does not have")
        value = raw[entry["offset"]: entry["offset"] + entry["length"]].reshape(entry["shape"])
        if tuple(state[key].shape) != tuple(value.shape):
            raise ValueError(f"{entry['tfjs']} -> {key}: shape {list(value.shape)}, network has {list(state[key].shape)}")
        state[key].copy_(value)
        seen.add(key)
    missing = [k for k in state if k not in seen and not k.endswith("num_batches_tracked")]
    if missing:
        raise KeyError(f"weights.json lacks {', '.join(missing)}")
    return model


def build_network(manifest, folder):
    """The run's network with the lab's initial weights from `folder`: LuNet from its layer plan, or the pretrained
    face ResNet with its head (face_resnet.py) when the manifest carries model.faceResNet."""
    spec = manifest["model"]
    return load_weights(FaceResNetEmbedder(spec) if spec.get("faceResNet") else PlanNet(spec["plan"]), folder)


def has_batch_norm(manifest):
    """Whether the network normalises with batch statistics: LuNet with batch norm; never the pretrained ResNet, whose
    scale layers are dlib's batch norm frozen into an affine map (its config's batchNorm is ignored, as in the lab)."""
    return not manifest["model"].get("faceResNet") and manifest["trainer"]["model"]["batchNorm"]


def parameter_groups(model):
    """The optimizer's groups, each with the fraction of the learning rate it learns at ("lr_scale"): a fine-tuned
    pretrained backbone at the lab's FINE_TUNE_LR_SCALE (at the full rate Adam wipes out its features), the rest at 1.
    Frozen parameters are left out, as the lab's optimizer never sees them."""
    backbones = [m for m in model.modules() if isinstance(m, FaceResNetEmbedder)]
    slow = {id(p) for m in backbones for p in m.backbone.parameters()}
    groups = [
        {"params": [p for p in model.parameters() if p.requires_grad and id(p) not in slow], "lr_scale": 1.0},
        {"params": [p for p in model.parameters() if p.requires_grad and id(p) in slow],
         "lr_scale": backbones[0].backbone_scale if backbones else 1.0},
    ]
    return [g for g in groups if g["params"]]
