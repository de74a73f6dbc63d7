/**
 * The runnable PyTorch training package (issue 15), as a zip: train.py and its modules (python/, kept as real .py
 * files so they can be run and linted directly), manifest.json (format and lab version, identities, split, image
 * hashes, preprocessing, seed, trainer settings, the network (LuNet's layer plan, or the pretrained face ResNet's spec
 * for face_resnet.py) and the lab's model.json parts), the lab's initial weights in torch layout (weights.bin +
 * weights.json), the training images (data/) and the golden batch (golden/) with what the lab measured on it. Pure: no
 * DOM, no tfjs.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { NO_AUGMENTATION } from '../data/augmentation';
import { planBackbone } from '../model/plan';
import { imageHashes } from '../train/imageHashes';
import type { PackageParts } from '../train/packageParts';
import { torchWeights } from './torchWeights';
import { trainingLossesPy } from './pythonLosses';
import { augmentationModule } from './pythonTraining';
import trainPy from './python/train.py?raw';
import modelPy from './python/model.py?raw';
import faceResNetPy from './python/face_resnet.py?raw';
import manifestPy from './python/manifest.py?raw';
import samplerPy from './python/sampler.py?raw';
import runlogPy from './python/runlog.py?raw';
import checkpointPy from './python/checkpoint.py?raw';
import tfjsExportPy from './python/tfjs_export.py?raw';
import verifyPy from './python/verify.py?raw';
import { version as LAB_VERSION } from '../../package.json';

/** Bumped when the package layout changes; train.py refuses another. */
export const TRAINING_PACKAGE_FORMAT = 2;


/** Everything the package is built from (train/packageParts.ts gathers it where tfjs runs). */
export type TrainingPackageInput = PackageParts;

const bytesOf = (a: Float32Array | Int32Array | Uint8Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Everything of the run train.py reads, as one JSON object. */
export function trainingManifest(input: TrainingPackageInput): Record<string, unknown> {
  const { settings, golden } = input;
  return {
    format: TRAINING_PACKAGE_FORMAT,
    labVersion: LAB_VERSION,
    identities: input.identities,
    split: { train: Array.from(input.split.train), validation: Array.from(input.split.validation) },
    preprocessing: { size: input.size, channels: input.channels, aligned: input.aligned ?? null, scale: '1/255', layout: 'NHWC uint8' },
    seed: settings.seed,
    trainer: settings,
    model: { config: settings.model, ...(input.faceResNet ? { faceResNet: input.faceResNet } : { plan: planBackbone(settings.model) }) },
    data: {
      images: input.images.labels.length,
      pixels: 'data/pixels.u8',
      labels: 'data/labels.i32',
      hashes: input.hashes ?? imageHashes(input.images.pixels, input.images.labels.length),
      names: input.imageNames ? [...input.imageNames] : Array.from({ length: input.images.labels.length }, (_, i) => `image ${i}`),
    },
    tfjs: input.tfjs,
    golden: {
      labels: Array.from(golden.labels),
      loss: golden.loss,
      margin: golden.margin,
      census: golden.census,
      gradNorm: golden.gradNorm,
      context: golden.context,
      pixels: 'golden/pixels.f32',
      embeddings: 'golden/embeddings.f32',
    },
  };
}

/** The zip's bytes (LuNet or the pretrained face ResNet, frozen or fine-tuned). Throws for a weight torch has no name for. */
export function buildTrainingPackage(input: TrainingPackageInput): Uint8Array {
  return zipSync(trainingPackageFiles(input));
}

/**
 * The package's files, for zipSync above or for fflate's asynchronous zip on the page, which deflates a large file
 * (the ResNet's 22 MB of weights: 2 s) in a worker of its own instead of freezing the page.
 */
export function trainingPackageFiles(input: TrainingPackageInput): Zippable {
  const weights = torchWeights(input.initial);
  // The lab trains a frozen backbone's head on the stored images' cached features, never augmented: so does train.py.
  const augmentation = input.faceResNet && !input.faceResNet.trained ? NO_AUGMENTATION : input.settings.augmentation;
  return {
    'train.py': strToU8(trainPy),
    'model.py': strToU8(modelPy),
    'face_resnet.py': strToU8(faceResNetPy),
    'losses.py': strToU8(trainingLossesPy()),
    'manifest.py': strToU8(manifestPy),
    'augment.py': strToU8(augmentationModule(augmentation)),
    'sampler.py': strToU8(samplerPy),
    'runlog.py': strToU8(runlogPy),
    'checkpoint.py': strToU8(checkpointPy),
    'tfjs_export.py': strToU8(tfjsExportPy),
    'verify.py': strToU8(verifyPy),
    'manifest.json': strToU8(JSON.stringify(trainingManifest(input), null, 1)),
    'weights.json': strToU8(JSON.stringify(weights.index, null, 1)),
    'weights.bin': bytesOf(weights.values),
    // Stored, not deflated: pixels barely compress and deflating a large set would take seconds.
    'data/pixels.u8': [input.images.pixels, { level: 0 }],
    'data/labels.i32': bytesOf(input.images.labels),
    'golden/pixels.f32': bytesOf(input.golden.pixels),
    'golden/embeddings.f32': bytesOf(input.golden.embeddings),
  };
}
