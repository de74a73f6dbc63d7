"""The pretrained face ResNet-34 backbone (dlib's metric-learning ResNet as face-api ports it) in plain PyTorch, as the
lab's src/model/pretrained/faceResNet.ts computes it, with the lab's linear embedding head on top.

  lab pixels [B, C, S, S] in [0, 1] -> bilinear resize to 150 (half-pixel centres) -> gray to RGB -> x - MEAN_RGB / 255
  stem: conv 7x7 /2 'valid' + bias -> scale (per-channel affine, dlib's frozen batch norm) -> ReLU -> max pool 3x3 /2
  block: conv 3x3 + bias -> scale -> ReLU -> conv 3x3 + bias -> scale, + x -> ReLU
  down block: first conv 3x3 /2 'valid'; shortcut a 2x2 /2 average pool zero-padded to the new channels; where the
    pool's map is one larger than the conv's, the conv's map gets one zero row and column at the end
  global mean -> fc (256x128, no bias) -> embedding head (Dense D)

The spec (blocks, mean, input size) comes from the manifest (model.faceResNet), so this file holds no numbers of its own.
Module names follow the lab's weight names ("face_resnet/conv64_down/conv1/conv/filters" is
layers.face_resnet.conv64_down.conv1.conv.weight), so load_weights and tfjs_export map them like LuNet's.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Scale(nn.Module):
    """y = x * weight + bias per channel (face-api's "scale" layer)."""

    def __init__(self, channels):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))

    def forward(self, x):
        return x * self.weight[None, :, None, None] + self.bias[None, :, None, None]


class ConvLayer(nn.Module):
    """conv + bias -> scale; stride 2 convs are 'valid', stride 1 'same' (symmetric for an odd kernel)."""

    def __init__(self, in_channels, filters, kernel, stride, valid):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, filters, kernel, stride, padding=0 if valid else kernel // 2)
        self.scale = Scale(filters)

    def forward(self, x):
        return self.scale(self.conv(x))


class ResidualBlock(nn.Module):
    def __init__(self, in_channels, filters, down):
        super().__init__()
        self.down, self.filters = down, filters
        self.conv1 = ConvLayer(in_channels, filters, 3, 2 if down else 1, valid=down)
        self.conv2 = ConvLayer(filters, filters, 3, 1, valid=False)

    def forward(self, x):
        b = self.conv2(F.relu(self.conv1(x)))
        shortcut = x
        if self.down:
            shortcut = F.avg_pool2d(x, 2, 2)
            shortcut = F.pad(shortcut, (0, 0, 0, 0, 0, self.filters - shortcut.shape[1]))
            if shortcut.shape[2] != b.shape[2]:
                b = F.pad(b, (0, 1, 0, 1))
        return F.relu(b + shortcut)


class FaceResNet(nn.Module):
    """[B, C, S, S] float32 in [0, 1] -> [B, 128] descriptors; `spec` is manifest['model']['faceResNet']."""

    def __init__(self, spec):
        super().__init__()
        self.size = spec["inputSize"]
        mean = torch.tensor(spec["meanRgb"], dtype=torch.float32).view(1, 3, 1, 1) / 255.0
        self.register_buffer("mean", mean, persistent=False)  # not a weight: load_weights must not look for it
        stem = spec["stem"]
        self.stem_name = stem["name"]
        self.add_module(stem["name"], ConvLayer(3, stem["filters"], stem["kernel"], stem["stride"], valid=True))
        self.block_names = []
        channels = stem["filters"]
        for block in spec["blocks"]:
            self.add_module(block["name"], ResidualBlock(channels, block["filters"], block["down"]))
            self.block_names.append(block["name"])
            channels = block["filters"]
        self.fc = nn.Linear(channels, spec["descriptorDim"], bias=False)

    def forward(self, x):
        if x.shape[2] != self.size or x.shape[3] != self.size:
            x = F.interpolate(x, size=(self.size, self.size), mode="bilinear", align_corners=False)
        if x.shape[1] == 1:
            x = x.expand(-1, 3, -1, -1)
        out = F.relu(getattr(self, self.stem_name)(x - self.mean))
        out = F.max_pool2d(out, 3, 2)
        for name in self.block_names:
            out = getattr(self, name)(out)
        return self.fc(out.mean(dim=(2, 3)))


class FaceResNetEmbedder(nn.Module):
    """The lab's resnet34 network: FaceResNet -> the linear embedding head, [B, C, S, S] -> [B, D] unnormalised.
    Frozen (`trained` false): the backbone's parameters do not require gradients, so the optimizer and the gradient
    norm see the head only, as the lab trains it on the frozen backbone's cached features."""

    def __init__(self, model):
        super().__init__()
        spec = model["faceResNet"]
        self.layers = nn.ModuleDict({
            spec["layerName"]: FaceResNet(spec),
            spec["headName"]: nn.Linear(spec["descriptorDim"], model["config"]["embeddingDim"], bias=True),
        })
        self.names = (spec["layerName"], spec["headName"])
        self.backbone.requires_grad_(spec["trained"])
        self.backbone_scale = spec["learningRateScale"]

    @property
    def backbone(self):
        return self.layers[self.names[0]]

    def forward(self, x):
        return self.layers[self.names[1]](self.backbone(x))
