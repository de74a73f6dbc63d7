/**
 * The face-recognition ResNet of @vladmandic/face-api as data: its weight names and shapes (the package's weights
 * manifest, in manifest order) and its operations with their shapes, so the forward (faceResNet.ts), the layer that
 * owns the weights and the cost model (cost.ts) all see one topology. Plain TypeScript, no tensors.
 *
 * The network is dlib's metric-learning ResNet-34 variant ("dlib_face_recognition_resnet_model_v1", trained with a
 * pairwise hinge loss on ~3 M faces), as face-api ports it (src/faceRecognitionNet/*.ts of the package):
 *   input 150×150 RGB, x = (rgb − MEAN_RGB) / 255
 *   stem: conv 7×7 /2 'valid' + bias → scale (per-channel affine, dlib's frozen batch norm) → ReLU → max pool 3×3 /2
 *   residual block: conv 3×3 + bias → scale → ReLU → conv 3×3 + bias → scale, + x → ReLU
 *   down block: the first conv is 3×3 /2 'valid'; the shortcut is a 2×2 /2 average pool, zero-padded to the new
 *     channel count; where the pool's map is one larger than the conv's, the conv's map gets one zero row and column
 *   3 × 32, down 64, 3 × 64, down 128, 2 × 128, down 256, 2 × 256, down 256 → global mean → 256×128 matrix (no bias).
 * Spatial sizes: 150 → 72 → 35 → 17 → 8 → 3 (padded to 4) → 1 (padded to 2) → 128-d descriptor.
 */

/** The network's own input size; any lab input is resized to it. */
export const FACE_RESNET_INPUT_SIZE = 150;
/** Length of the descriptor the network outputs. */
export const FACE_RESNET_DESCRIPTOR_DIM = 128;
/** Per-channel mean subtracted from 0..255 RGB before the division by 255. */
export const FACE_RESNET_MEAN_RGB: readonly [number, number, number] = [122.782, 117.001, 104.298];

/** The stem convolution's weight prefix and geometry. */
export const FACE_RESNET_STEM = { name: 'conv32_down', kernel: 7, stride: 2, filters: 32 } as const;

/** One residual block: weight prefix, output channels, and whether it halves the map (a "down" block). */
export interface FaceResNetBlock {
  name: string;
  filters: number;
  down: boolean;
}

export const FACE_RESNET_BLOCKS: readonly FaceResNetBlock[] = [
  { name: 'conv32_1', filters: 32, down: false },
  { name: 'conv32_2', filters: 32, down: false },
  { name: 'conv32_3', filters: 32, down: false },
  { name: 'conv64_down', filters: 64, down: true },
  { name: 'conv64_1', filters: 64, down: false },
  { name: 'conv64_2', filters: 64, down: false },
  { name: 'conv64_3', filters: 64, down: false },
  { name: 'conv128_down', filters: 128, down: true },
  { name: 'conv128_1', filters: 128, down: false },
  { name: 'conv128_2', filters: 128, down: false },
  { name: 'conv256_down', filters: 256, down: true },
  { name: 'conv256_1', filters: 256, down: false },
  { name: 'conv256_2', filters: 256, down: false },
  { name: 'conv256_down_out', filters: 256, down: true },
];

/** Name of the final [256, 128] projection (a plain matrix, no bias). */
export const FACE_RESNET_FC = 'fc';

export interface WeightSpec {
  /** The manifest's name, e.g. "conv64_down/conv1/conv/filters"; also the layer's weight name. */
  name: string;
  shape: readonly number[];
}

/** A conv layer's four tensors: HWIO filters, bias, then the scale layer's weights and biases. */
const convLayerWeights = (prefix: string, kernel: number, inChannels: number, filters: number): WeightSpec[] => [
  { name: `${prefix}/conv/filters`, shape: [kernel, kernel, inChannels, filters] },
  { name: `${prefix}/conv/bias`, shape: [filters] },
  { name: `${prefix}/scale/weights`, shape: [filters] },
  { name: `${prefix}/scale/biases`, shape: [filters] },
];

/** Every weight of the network, in the package manifest's order (117 tensors, 5,614,592 values). */
export const FACE_RESNET_WEIGHTS: readonly WeightSpec[] = (() => {
  const specs = convLayerWeights(FACE_RESNET_STEM.name, FACE_RESNET_STEM.kernel, 3, FACE_RESNET_STEM.filters);
  let channels: number = FACE_RESNET_STEM.filters;
  for (const block of FACE_RESNET_BLOCKS) {
    specs.push(...convLayerWeights(`${block.name}/conv1`, 3, channels, block.filters));
    specs.push(...convLayerWeights(`${block.name}/conv2`, 3, block.filters, block.filters));
    channels = block.filters;
  }
  specs.push({ name: FACE_RESNET_FC, shape: [channels, FACE_RESNET_DESCRIPTOR_DIM] });
  return specs;
})();

/** [H, W, C] for maps, [units] after the global mean. */
export type OpShape = readonly number[];

/**
 * One operation of the forward pass, with what the cost model needs. `conv` includes its bias; `scale` is the
 * per-channel affine y = x·w + b; `pad` is a zero pad (channels of the shortcut, or one row and column of the
 * residual branch); `matMul` is the final projection.
 */
export type FaceResNetOp =
  | { kind: 'conv'; name: string; inShape: OpShape; outShape: OpShape; kernel: number; stride: 1 | 2 }
  | { kind: 'scale' | 'relu' | 'add' | 'pad' | 'globalAvgPool'; name: string; inShape: OpShape; outShape: OpShape }
  | { kind: 'maxPool' | 'avgPool'; name: string; inShape: OpShape; outShape: OpShape; pool: number; stride: 2 }
  | { kind: 'matMul'; name: string; inShape: OpShape; outShape: OpShape };

export type FaceResNetOpKind = FaceResNetOp['kind'];

/** Output size of a 'valid' window of size k and stride s over n positions. */
export const validSize = (n: number, k: number, s: number): number => Math.floor((n - k) / s) + 1;
/** Output size of a 'same' window of stride s over n positions. */
export const sameSize = (n: number, s: number): number => Math.ceil(n / s);

/** The forward pass from the normalised 150×150×3 input to the descriptor, one entry per tensor operation. */
export function faceResNetOps(): FaceResNetOp[] {
  const ops: FaceResNetOp[] = [];
  const map = (n: number, c: number): OpShape => [n, n, c];
  // conv + bias → scale [→ ReLU]
  const convLayer = (
    name: string,
    n: number,
    inC: number,
    outC: number,
    kernel: number,
    stride: 1 | 2,
    valid: boolean,
    relu: boolean,
  ): number => {
    const out = valid ? validSize(n, kernel, stride) : sameSize(n, stride);
    ops.push({ kind: 'conv', name: `${name}/conv`, inShape: map(n, inC), outShape: map(out, outC), kernel, stride });
    ops.push({ kind: 'scale', name: `${name}/scale`, inShape: map(out, outC), outShape: map(out, outC) });
    if (relu) ops.push({ kind: 'relu', name: `${name}/relu`, inShape: map(out, outC), outShape: map(out, outC) });
    return out;
  };

  let n = convLayer(
    FACE_RESNET_STEM.name,
    FACE_RESNET_INPUT_SIZE,
    3,
    FACE_RESNET_STEM.filters,
    FACE_RESNET_STEM.kernel,
    2,
    true,
    true,
  );
  let c: number = FACE_RESNET_STEM.filters;
  const pooled = validSize(n, 3, 2);
  ops.push({ kind: 'maxPool', name: 'max_pool', inShape: map(n, c), outShape: map(pooled, c), pool: 3, stride: 2 });
  n = pooled;

  for (const block of FACE_RESNET_BLOCKS) {
    const f = block.filters;
    const a = convLayer(`${block.name}/conv1`, n, c, f, 3, block.down ? 2 : 1, block.down, true);
    let b = convLayer(`${block.name}/conv2`, a, f, f, 3, 1, false, false);
    let shortcut = n;
    if (block.down) {
      shortcut = validSize(n, 2, 2);
      ops.push({
        kind: 'avgPool',
        name: `${block.name}/pool`,
        inShape: map(n, c),
        outShape: map(shortcut, c),
        pool: 2,
        stride: 2,
      });
      if (c !== f)
        ops.push({
          kind: 'pad',
          name: `${block.name}/pad_channels`,
          inShape: map(shortcut, c),
          outShape: map(shortcut, f),
        });
      if (shortcut !== b) {
        if (shortcut !== b + 1) throw new Error(`faceResNetOps: ${block.name} cannot pad ${b} to ${shortcut}`);
        ops.push({ kind: 'pad', name: `${block.name}/pad_map`, inShape: map(b, f), outShape: map(shortcut, f) });
        b = shortcut;
      }
    }
    ops.push({ kind: 'add', name: `${block.name}/add`, inShape: map(b, f), outShape: map(b, f) });
    ops.push({ kind: 'relu', name: `${block.name}/relu`, inShape: map(b, f), outShape: map(b, f) });
    n = b;
    c = f;
  }
  ops.push({ kind: 'globalAvgPool', name: 'mean', inShape: map(n, c), outShape: [c] });
  ops.push({ kind: 'matMul', name: FACE_RESNET_FC, inShape: [c], outShape: [FACE_RESNET_DESCRIPTOR_DIM] });
  return ops;
}
