/**
 * The Python export's augmentation, learning-rate schedule and weight decay: the same transforms and formulas as the
 * lab (data/augmentation.ts, train/augment.ts, train/learningRate.ts), written out for PyTorch. Random draws come from
 * torch's generator, so the views differ from the lab's draw for draw but follow the same distributions.
 */
import { isAugmenting, type Augmentation } from '../data/augmentation';
import { EXPONENTIAL_FINAL, type LearningRateSchedule } from '../train/learningRate';

const py = (v: boolean | number): string => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));

/** `def lr_factor(step)`: the schedule's multiplier of LEARNING_RATE at 0-based `step` (for LambdaLR). */
export function scheduleFunction(s: LearningRateSchedule): string {
  const decay =
    s.kind === 'exponential'
      ? `${EXPONENTIAL_FINAL} ** progress`
      : s.kind === 'cosine'
        ? '0.5 * (1 + math.cos(math.pi * progress))'
        : '1.0';
  return `LR_SCHEDULE = '${s.kind}'  # t0 = ${s.start}, t1 = ${s.end}, warm-up ${s.warmup} steps


def lr_factor(step):
    """The lab's learning-rate schedule: linear warm-up, then ${s.kind} between steps t0 and t1."""
    warm = (step + 1) / ${s.warmup} if ${s.warmup} > 0 and step < ${s.warmup} else 1.0
    t0, t1 = ${s.start}, ${s.end}
    progress = min(1.0, max(0.0, (step - t0) / (t1 - t0))) if t1 > t0 else (1.0 if step >= t0 else 0.0)
    return warm * ${decay}`;
}

/** The lab's transforms on one image tensor (pixels in [0, 1], C × H × W), in plain torch: shared by the PML script
 * and the training package's augment.py, so the transforms have one Python source. */
function labTransforms(a: Augmentation): string {
  return `AUGMENT = ${py(isAugmenting(a))}
CROP_SCALE, CROP_RATIO = ${a.cropScale}, ${a.cropRatio}  # random resized crop: least area, largest aspect
FLIP = ${py(a.flip)}
ROTATION = ${a.rotation}  # degrees, drawn in [-ROTATION, ROTATION]
BRIGHTNESS, CONTRAST, GAMMA = ${a.brightness}, ${a.contrast}, ${a.gamma}
BLUR_P, ERASE_P = ${a.blur}, ${a.erase}


def lab_photometric(x):
    """Gamma, contrast about the image mean, additive brightness, clipped to [0, 1] (the lab's order)."""
    if GAMMA > 0:
        g = math.exp(random.uniform(-math.log(1 + GAMMA), math.log(1 + GAMMA)))
        x = x.clamp(0, 1) ** g
    if CONTRAST > 0:
        mean = x.mean()
        x = (x - mean) * random.uniform(1 - CONTRAST, 1 + CONTRAST) + mean
    if BRIGHTNESS > 0:
        x = x + random.uniform(-BRIGHTNESS, BRIGHTNESS)
    return x.clamp(0, 1)


def lab_blur(x):
    """With probability BLUR_P, a 3x3 Gaussian (sigma 1, reflect padding) mixed in at a random strength."""
    if random.random() >= BLUR_P:
        return x
    w = torch.tensor([math.exp(-0.5), 1.0, math.exp(-0.5)])
    k = (torch.outer(w, w) / w.sum() ** 2).to(x)
    c = x.shape[0]
    blurred = F.conv2d(F.pad(x[None], (1, 1, 1, 1), mode='reflect'), k.expand(c, 1, 3, 3), groups=c)[0]
    return x + random.random() * (blurred - x)


def lab_erase(x):
    """Random erasing (Zhong et al. 2017): 2-25 % of the image, aspect in [0.3, 3.3], one random grey."""
    if random.random() >= ERASE_P:
        return x
    _, h, w = x.shape
    area = random.uniform(0.02, 0.25) * h * w
    aspect = math.exp(random.uniform(math.log(0.3), math.log(1 / 0.3)))
    eh = max(1, min(h, round(math.sqrt(area * aspect))))
    ew = max(1, min(w, round(math.sqrt(area / aspect))))
    y0, x0 = random.randint(0, h - eh), random.randint(0, w - ew)
    x = x.clone()
    x[:, y0:y0 + eh, x0:x0 + ew] = random.random()
    return x`;
}

/** The augmentation as tensor transforms applied after ToTensor (pixels in [0, 1], C × H × W). */
export function augmentationBlock(a: Augmentation): string {
  return `${labTransforms(a)}


def augmentation():
    """The training-time transforms; evaluation uses the stored images as they are."""
    steps = []
    if CROP_SCALE < 1:
        steps.append(transforms.RandomResizedCrop(INPUT_SIZE, scale=(CROP_SCALE, 1), ratio=(1 / CROP_RATIO, CROP_RATIO), antialias=False))
    if FLIP:
        steps.append(transforms.RandomHorizontalFlip())
    if ROTATION > 0:
        steps.append(transforms.RandomRotation(ROTATION, interpolation=transforms.InterpolationMode.BILINEAR))
    steps += [transforms.Lambda(lab_photometric), transforms.Lambda(lab_blur), transforms.Lambda(lab_erase)]
    return steps`;
}


/**
 * The training package's augment.py: the lab's transforms without torchvision (the geometric ones, random resized
 * crop, flip and rotation, as one bilinear affine map), applied image by image to a training batch.
 */
export function augmentationModule(a: Augmentation): string {
  return `"""The run's augmentation (generated from the lab's settings, also in manifest.json's trainer.augmentation).
Draws come from Python's random, seeded per rank by train.py: the views differ from the lab's (tfjs's RNG) draw for
draw but follow the same distributions."""
import math
import random

import torch
import torch.nn.functional as F

${labTransforms(a)}


def lab_geometric(x):
    """Random resized crop (area in [CROP_SCALE, 1], aspect log-uniform), horizontal flip, rotation in
    [-ROTATION, ROTATION] degrees: one affine map from output to input coordinates, bilinear, zeros outside."""
    c, h, w = x.shape
    sx, sy, tx, ty = 1.0, 1.0, 0.0, 0.0
    if CROP_SCALE < 1:
        area = random.uniform(CROP_SCALE, 1)
        aspect = math.exp(random.uniform(-math.log(CROP_RATIO), math.log(CROP_RATIO)))
        sx, sy = min(1.0, math.sqrt(area * aspect)), min(1.0, math.sqrt(area / aspect))
        tx, ty = random.uniform(sx - 1, 1 - sx), random.uniform(sy - 1, 1 - sy)
    if FLIP and random.random() < 0.5:
        sx = -sx
    angle = math.radians(random.uniform(-ROTATION, ROTATION)) if ROTATION > 0 else 0.0
    cos, sin = math.cos(angle), math.sin(angle)
    theta = torch.tensor([[sx * cos, -sx * sin, tx], [sy * sin, sy * cos, ty]], dtype=x.dtype, device=x.device)
    grid = F.affine_grid(theta[None], [1, c, h, w], align_corners=False)
    return F.grid_sample(x[None], grid, mode="bilinear", padding_mode="zeros", align_corners=False)[0]


def augment_batch(x):
    """x [B, S, S, C] in [0, 1] (NHWC, as train.py reads the images); a new augmented batch of the same shape."""
    views = [lab_erase(lab_blur(lab_photometric(lab_geometric(image.permute(2, 0, 1))))) for image in x]
    return torch.stack(views).permute(0, 2, 3, 1).contiguous()
`;
}
