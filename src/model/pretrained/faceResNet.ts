/**
 * The face-api face-recognition ResNet (faceResNetSpec.ts) as our own tfjs code: a forward pass over named weights in
 * raw tf ops, so gradients reach every weight, and a tfjs-layers Layer that owns those weights as layer weights and
 * does the lab → network preprocessing in-graph. The package's FaceRecognitionNet stays the test oracle; the lab
 * never runs it.
 */
import * as tf from '@tensorflow/tfjs';
import {
  FACE_RESNET_BLOCKS,
  FACE_RESNET_DESCRIPTOR_DIM,
  FACE_RESNET_FC,
  FACE_RESNET_INPUT_SIZE,
  FACE_RESNET_MEAN_RGB,
  FACE_RESNET_STEM,
  FACE_RESNET_WEIGHTS,
} from './faceResNetSpec';

/** Looks a weight up by its manifest name (e.g. "conv32_down/conv/filters"). */
export type FaceResNetWeights = (name: string) => tf.Tensor;

/** A lookup over a NamedTensorMap (e.g. from loadFaceApiWeights); throws on a missing name. */
export function weightsFromMap(map: tf.NamedTensorMap): FaceResNetWeights {
  return (name) => {
    const t = map[name];
    if (t === undefined) throw new Error(`FaceResNet: the pretrained weights lack ${name}`);
    return t;
  };
}

/** conv + bias → per-channel scale and shift [→ ReLU], in the package's operation order. */
function convLayer(
  x: tf.Tensor4D,
  w: FaceResNetWeights,
  prefix: string,
  stride: 1 | 2,
  padding: 'valid' | 'same',
  relu: boolean,
): tf.Tensor4D {
  let out = tf.conv2d(x, w(`${prefix}/conv/filters`) as tf.Tensor4D, stride, padding);
  out = tf.add(out, w(`${prefix}/conv/bias`));
  out = tf.add(tf.mul(out, w(`${prefix}/scale/weights`)), w(`${prefix}/scale/biases`));
  return relu ? tf.relu(out) : out;
}

/** One residual block; a down block halves the map with a 'valid' stride-2 conv and an average-pooled shortcut. */
function residualBlock(
  x: tf.Tensor4D,
  w: FaceResNetWeights,
  name: string,
  filters: number,
  down: boolean,
): tf.Tensor4D {
  const a = down
    ? convLayer(x, w, `${name}/conv1`, 2, 'valid', true)
    : convLayer(x, w, `${name}/conv1`, 1, 'same', true);
  let b = convLayer(a, w, `${name}/conv2`, 1, 'same', false);
  let shortcut = x;
  if (down) {
    shortcut = tf.avgPool(x, 2, 2, 'valid');
    const channels = shortcut.shape[3];
    if (channels !== filters)
      shortcut = tf.pad(shortcut, [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, filters - channels],
      ]);
    // 'valid' conv and pool disagree by one on odd maps (8 → 3 vs 4, 4 → 1 vs 2): the package pads the conv's map
    // with one zero row and column at the end.
    if (shortcut.shape[1] !== b.shape[1])
      b = tf.pad(b, [
        [0, 0],
        [0, 1],
        [0, 1],
        [0, 0],
      ]);
  }
  return tf.relu(tf.add(b, shortcut)) as tf.Tensor4D;
}

/**
 * The network on already-normalised input.
 * @param x [B, 150, 150, 3], (rgb − MEAN_RGB) / 255 (not disposed)
 * @param w the weights (not disposed)
 * @returns [B, 128] descriptors, unnormalised (caller owns; intermediates are freed)
 */
export function faceResNetForward(x: tf.Tensor4D, w: FaceResNetWeights): tf.Tensor2D {
  return tf.tidy(() => {
    let out = convLayer(x, w, FACE_RESNET_STEM.name, FACE_RESNET_STEM.stride, 'valid', true);
    out = tf.maxPool(out, 3, 2, 'valid');
    for (const block of FACE_RESNET_BLOCKS) out = residualBlock(out, w, block.name, block.filters, block.down);
    return tf.matMul(tf.mean(out, [1, 2]) as tf.Tensor2D, w(FACE_RESNET_FC) as tf.Tensor2D);
  });
}

/**
 * Lab pixels → the network's input: bilinear resize to 150×150 (half-pixel centres, skipped when already 150),
 * grayscale copied to three channels, then (255·x − MEAN_RGB) / 255 = x − MEAN_RGB / 255.
 * @param images [B, S, S, 1 | 3] float32 in [0, 1] (not disposed)
 * @returns [B, 150, 150, 3] (caller owns)
 */
export function faceResNetInput(images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w, c] = images.shape;
    if (c !== 1 && c !== 3) throw new Error(`FaceResNet: input must have 1 or 3 channels, got ${c}`);
    let x = images;
    if (h !== FACE_RESNET_INPUT_SIZE || w !== FACE_RESNET_INPUT_SIZE) {
      x = tf.image.resizeBilinear(x, [FACE_RESNET_INPUT_SIZE, FACE_RESNET_INPUT_SIZE], false, true);
    }
    if (c === 1) x = tf.tile(x, [1, 1, 1, 3]);
    return tf.sub(x, tf.tensor1d(FACE_RESNET_MEAN_RGB.map((m) => m / 255)));
  });
}

/** Constructor arguments of FaceResNet: the usual layer arguments plus the pretrained weights. */
export type FaceResNetArgs = ConstructorParameters<typeof tf.layers.Layer>[0] & {
  /**
   * Pretrained weights by manifest name (loadFaceApiWeights('face_recognition_model', …)). The layer takes its own
   * references, so the caller may dispose the map right after construction. Omitted only when tfjs deserialises a
   * saved model, which then writes the saved values.
   */
  weightMap?: tf.NamedTensorMap;
};

/**
 * The pretrained ResNet as a layer: input [B, S, S, 1 | 3] float32 in [0, 1] (any S) → [B, 128] descriptors. Its
 * 117 weights are layer weights named as in the manifest (saved as "<layer name>/<manifest name>"). Construct with
 * `trainable: false` to freeze them (model.trainableWeights then excludes them) or true (default) to fine-tune.
 *
 * Ownership: the layer owns its variables (disposed with the model); until it is built it holds references to the
 * constructor's weights, released by build() or dispose().
 */
export class FaceResNet extends tf.layers.Layer {
  static readonly className = 'FaceResNet';
  private pending: Map<string, tf.Tensor> | null = null;
  private readonly byName = new Map<string, tf.LayerVariable>();

  constructor(args: FaceResNetArgs = {}) {
    const { weightMap, ...layerArgs } = args;
    super(layerArgs);
    if (weightMap !== undefined) {
      const pending = new Map<string, tf.Tensor>();
      for (const spec of FACE_RESNET_WEIGHTS) {
        const value = weightMap[spec.name];
        if (value === undefined) {
          pending.forEach((t) => t.dispose());
          throw new Error(`FaceResNet: the pretrained weights lack ${spec.name}`);
        }
        if (value.shape.join(',') !== spec.shape.join(',')) {
          pending.forEach((t) => t.dispose());
          throw new Error(
            `FaceResNet: ${spec.name} has shape [${value.shape.join(',')}], expected [${spec.shape.join(',')}]`,
          );
        }
        // A clone shares the buffer (reference-counted), so disposing the caller's map frees nothing we still need.
        pending.set(spec.name, tf.keep(tf.clone(value)));
      }
      this.pending = pending;
    }
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (shape.length !== 4 || (channels !== 1 && channels !== 3)) {
      throw new Error(`FaceResNet: input must be [B, S, S, 1 | 3], got [${shape.join(', ')}]`);
    }
    for (const spec of FACE_RESNET_WEIGHTS) {
      // Added as trainable; the layer's own `trainable` flag decides whether the model reports them (see below).
      const variable = this.addWeight(spec.name, [...spec.shape], 'float32', tf.initializers.zeros(), undefined, true);
      const value = this.pending?.get(spec.name);
      if (value !== undefined) variable.write(value);
      this.byName.set(spec.name, variable);
    }
    this.releasePending();
    // Push the layer's flag down to the new variables, so a frozen backbone's variables are not trainable either
    // (tf.variableGrads without a var list would otherwise pick them up).
    this.trainable = this.trainable_;
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, FACE_RESNET_DESCRIPTOR_DIM];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const lookup: FaceResNetWeights = (name) => {
        const variable = this.byName.get(name);
        if (variable === undefined) throw new Error(`FaceResNet: no weight ${name} (layer not built?)`);
        return variable.read();
      };
      return faceResNetForward(faceResNetInput(x), lookup);
    });
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    this.releasePending();
    // tfjs refuses to dispose a layer that was never built; one constructed but never applied only holds `pending`.
    if (!this.built) return { refCountAfterDispose: 0, numDisposedVariables: 0 };
    return super.dispose();
  }

  private releasePending(): void {
    this.pending?.forEach((t) => t.dispose());
    this.pending = null;
  }
}
tf.serialization.registerClass(FaceResNet);
