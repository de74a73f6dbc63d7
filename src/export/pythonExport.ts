/**
 * Scale-out: the current configuration as a runnable PyTorch script for pytorch-metric-learning (PML), to train the
 * same recipe on a real face folder and a GPU. The trunk is the lab's residual network (model/plan.ts) in torch;
 * the loss, miner, reducer, distance, sampler, margin schedule, optimizer and learning rate follow the config.
 * The loss block and its mapping (and where it is not exact) come from the loss's own file (LossInfo.python).
 */
import { choiceSpec } from '../train/datasetSource';
import { LOSSES, LOSS_IDS } from '../metric/catalog';
import { backboneOf, EARLY_POOL_MIN_INPUT, PRESETS } from '../model/config';
import type { MarginSchedule } from '../train/settings';
import type { RunConfig } from '../train/runConfig';
import { distanceLine, lossSection, pmlMapping } from './pythonLosses';
import { augmentationBlock, scheduleFunction } from './pythonTraining';

const py = (v: number | boolean): string => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));

function marginFunction(m: MarginSchedule): string {
  switch (m.kind) {
    case 'constant':
      return `def margin_at(step):\n    return ${py(m.margin)}`;
    case 'linear':
      return `def margin_at(step):\n    """Linear warm-up from ${m.from} to ${m.to} over ${m.steps} steps."""\n    return ${m.to} if step >= ${m.steps} else ${m.from} + (${m.to} - ${m.from}) * step / ${m.steps}`;
    case 'step':
      return `def margin_at(step):\n    """${m.from} until step ${m.steps}, then ${m.to}."""\n    return ${m.to} if step >= ${m.steps} else ${m.from}`;
  }
}

function samplerLines(config: RunConfig): string {
  const note: Partial<Record<RunConfig['trainer']['sampler'], string>> = {
    facenet:
      "    # The lab's FaceNet batches add random images of other identities; MPerClassSampler draws P x K only.\n",
    subspace:
      "    # The lab's subspace batches draw P identities from one k-means cluster; here P identities at random.\n",
  };
  if (config.trainer.sampler === 'random')
    return `    # Random batches (the lab's 'random' sampler): many have no positive pair.
    loader = DataLoader(dataset, batch_size=P * K, shuffle=True, drop_last=True, num_workers=args.workers)`;
  return `${note[config.trainer.sampler] ?? ''}    sampler = samplers.MPerClassSampler(dataset.targets, m=K, batch_size=P * K, length_before_new_iter=len(dataset))
    loader = DataLoader(dataset, batch_size=P * K, sampler=sampler, drop_last=True, num_workers=args.workers)`;
}

/** The mapping table as Python docstring lines. */
export function mappingTable(): string {
  const width = Math.max(15, ...LOSS_IDS.map((id) => id.length));
  const rows = LOSS_IDS.map((id) => {
    const m = pmlMapping(id);
    return `  ${id.padEnd(width)} ${m.match.padEnd(12)} ${m.pml}${m.note ? ` (${m.note})` : ''}`;
  });
  return [`  ${'lab loss'.padEnd(width)} ${'match'.padEnd(12)} pytorch-metric-learning`, ...rows].join('\n');
}

export interface PythonExportOptions {
  /** A link that reproduces the run in the lab. */
  link?: string;
}

/** The whole script. Pure: the same config gives the same text. */
export function pythonScript(config: RunConfig, options: PythonExportOptions = {}): string {
  const t = config.trainer;
  const entry = LOSSES[t.loss];
  const lossOptions = { ...entry.defaults, ...t.lossOptions } as Record<string, number | string | boolean>;
  const { resolution: size, channels } = choiceSpec(config.dataset);
  const spec = PRESETS[t.model.preset];
  // A loss on identity logits trains a classification head beside the network.
  const head = entry.inputs.includes('identityLogits');
  const partOption = entry.python.pmlPartOption;
  const part = partOption ? LOSSES[String(lossOptions[partOption]) as typeof t.loss] : null;
  const stages = spec.stages.map((s) => `(${s.filters}, ${s.blocks}, ${s.stride})`).join(', ');
  const optimizer =
    t.optimizer === 'adam'
      ? '# tfjs Adam: betas (0.9, 0.999), epsilon 1e-7.\n    optimizer = torch.optim.Adam(params, lr=LEARNING_RATE, eps=1e-7, weight_decay=WEIGHT_DECAY)'
      : 'optimizer = torch.optim.SGD(params, lr=LEARNING_RATE, momentum=0.9, weight_decay=WEIGHT_DECAY)';
  return `#!/usr/bin/env python3
"""Triplet Lab run exported for PyTorch and pytorch-metric-learning (PML).

Loss: ${entry.label} (${t.loss})${part ? ` with ${part.label} (${part.id}) as its triplet term` : ''}
Source: ${entry.source}
${backboneOf(t.model) === 'lunet' ? '' : `Backbone: the lab ran the pretrained ResNet-34 (${backboneOf(t.model)}); this script trains the from-scratch\nLuNet below instead, since dlib's face-recognition weights (face-api) have no PyTorch release.\n`}${options.link ? `Lab link (reproduces the configuration): ${options.link}\n` : ''}
Usage:
    pip install torch torchvision pytorch-metric-learning
    python ${scriptName(config)} /path/to/faces --epochs 20
The folder holds one sub-folder of images per identity (torchvision ImageFolder).

How the lab's losses map onto PML (this run: ${t.loss}):
${mappingTable()}
"""
import argparse
import math
import random

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms
from pytorch_metric_learning import distances, losses, miners, reducers, samplers

SEED = ${t.seed}
P, K = ${t.P}, ${t.K}  # identities per batch, images per identity
INPUT_SIZE, CHANNELS = ${size}, ${channels}
EMBEDDING_DIM = ${t.model.embeddingDim}
L2_NORMALIZE = ${py(t.model.normalize)}
BATCH_NORM = ${py(t.model.batchNorm)}
STEM = (${spec.stemFilters}, ${spec.stemStride})  # filters, stride of the 3x3 stem
STAGES = [${stages}]  # (filters, residual blocks, stride of the first)
EARLY_POOL = ${py(size >= EARLY_POOL_MIN_INPUT)}  # 2x2 max pool after the stem
LEARNING_RATE = ${t.learningRate}
WEIGHT_DECAY = ${t.weightDecay}  # lambda * w added to each gradient, as in the lab


${scheduleFunction(t.schedule)}


${augmentationBlock(t.augmentation)}


${marginFunction(t.margin)}


def conv_bn(c_in, c_out, kernel, stride):
    """Convolution ('same' padding) and optional batch norm (tfjs momentum 0.9 = torch 0.1, epsilon 1e-3)."""
    layers = [nn.Conv2d(c_in, c_out, kernel, stride, padding=kernel // 2, bias=not BATCH_NORM)]
    if BATCH_NORM:
        layers.append(nn.BatchNorm2d(c_out, eps=1e-3, momentum=0.1))
    return nn.Sequential(*layers)


class BasicBlock(nn.Module):
    """He et al. 2016: conv-bn-relu-conv-bn plus a (projected) shortcut, then relu."""

    def __init__(self, c_in, c_out, stride):
        super().__init__()
        self.a = conv_bn(c_in, c_out, 3, stride)
        self.b = conv_bn(c_out, c_out, 3, 1)
        self.shortcut = conv_bn(c_in, c_out, 1, stride) if stride != 1 or c_in != c_out else nn.Identity()

    def forward(self, x):
        return F.relu(self.b(F.relu(self.a(x))) + self.shortcut(x))


class Embedder(nn.Module):
    """The lab's residual trunk: stem, residual stages, global average pooling, linear embedding."""

    def __init__(self):
        super().__init__()
        filters, stride = STEM
        layers = [conv_bn(CHANNELS, filters, 3, stride), nn.ReLU()]
        if EARLY_POOL:
            layers.append(nn.MaxPool2d(2, ceil_mode=True))
        c = filters
        for out, blocks, first_stride in STAGES:
            for b in range(blocks):
                layers.append(BasicBlock(c, out, first_stride if b == 0 else 1))
                c = out
        self.trunk = nn.Sequential(*layers)
        self.head = nn.Linear(c, EMBEDDING_DIM)

    def forward(self, x):
        x = self.head(self.trunk(x).mean((2, 3)))
        return F.normalize(x, dim=1) if L2_NORMALIZE else x


${distanceLine(config, entry.fixedDistance)}


def lab_distance(embeddings):
    """The lab's d(i, j) matrix (1 - similarity for cosine)."""
    mat = distance(embeddings)
    return 1 - mat if distance.is_inverted else mat


def masks(labels):
    """positive[a, p]: same identity, a != p; negative[a, n]: different identity."""
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(len(labels), dtype=torch.bool, device=labels.device)
    return same & ~eye, ~same


${lossSection(t.loss, lossOptions)}


def to_rgb(image):
    return image.convert('RGB')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('data', help='ImageFolder root: one sub-folder per identity')
    parser.add_argument('--epochs', type=int, default=20)
    parser.add_argument('--workers', type=int, default=4)
    parser.add_argument('--out', default='embedder.pt')
    args = parser.parse_args()
    torch.manual_seed(SEED)
    random.seed(SEED)
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    transform = transforms.Compose(
        ([transforms.Grayscale(1)] if CHANNELS == 1 else [transforms.Lambda(to_rgb)])
        + [transforms.Resize(INPUT_SIZE), transforms.CenterCrop(INPUT_SIZE), transforms.ToTensor()]
        + (augmentation() if AUGMENT else [])
    )
    dataset = datasets.ImageFolder(args.data, transform=transform)
${samplerLines(config)}
    model = Embedder().to(device)
    head = ${head ? 'nn.Linear(EMBEDDING_DIM, len(dataset.classes)).to(device)' : 'None'}
    params = list(model.parameters()) + (list(head.parameters()) if head is not None else [])
    ${optimizer}
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_factor)
    step = 0
    for epoch in range(args.epochs):
        model.train()
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)
            loss = compute_loss(model(images), labels, step, head)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            step += 1
            if step % 50 == 0:
                print(f'epoch {epoch} step {step} loss {loss.item():.4f} margin {margin_at(step):.3f} lr {scheduler.get_last_lr()[0]:.2e}')
    torch.save(model.state_dict(), args.out)
    print(f'saved {args.out}')


if __name__ == '__main__':
    main()
`;
}

/** A file name that says what the script trains. */
export function scriptName(config: RunConfig): string {
  return `triplet_lab_${config.trainer.loss}_seed${config.trainer.seed}.py`;
}
