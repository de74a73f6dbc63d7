/**
 * The lab's weights in PyTorch's layout, for the training package: one float32 buffer and a JSON index that maps each
 * tfjs weight ("s1b1_conv_a/kernel") to the torch parameter of python/model.py ("layers.s1b1_conv_a.weight").
 * Conv kernels go from tfjs HWIO to torch OIHW, dense kernels from [in, out] to [out, in]; batch norm's gamma, beta,
 * moving mean and variance become weight, bias, running_mean and running_var. The pretrained face ResNet's weights
 * ("face_resnet/conv64_down/conv1/conv/filters", ".../scale/weights") map the same way onto python/face_resnet.py's
 * modules, which are named after them ("layers.face_resnet.conv64_down.conv1.conv.weight").
 */
import type { WeightSnapshot } from '../model/weights';

export interface TorchWeightEntry {
  tfjs: string;
  torch: string;
  /** The torch shape. */
  shape: number[];
  /** Offset and length in floats in weights.bin. */
  offset: number;
  length: number;
}

const PARAMETER: Readonly<Record<string, string>> = {
  kernel: 'weight',
  bias: 'bias',
  gamma: 'weight',
  beta: 'bias',
  moving_mean: 'running_mean',
  moving_variance: 'running_var',
  // face-api's names: conv filters and bias, the scale layer's weights and biases
  filters: 'weight',
  weights: 'weight',
  biases: 'bias',
};

/** face-api's final projection is a bare matrix ("face_resnet/fc"): in torch a Linear without bias, "….fc.weight". */
const BARE_MATRICES = new Set(['fc']);

/** [kh, kw, in, out] → [out, in, kh, kw]. */
function hwioToOihw(values: Float32Array, [kh, kw, cin, cout]: number[]): Float32Array {
  const h = kh ?? 0, w = kw ?? 0, i = cin ?? 0, o = cout ?? 0;
  const out = new Float32Array(values.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < i; c++)
        for (let f = 0; f < o; f++) out[((f * i + c) * h + y) * w + x] = values[((y * w + x) * i + c) * o + f] as number;
  return out;
}

/** [in, out] → [out, in]. */
function transpose2d(values: Float32Array, [rows, cols]: number[]): Float32Array {
  const r = rows ?? 0, c = cols ?? 0;
  const out = new Float32Array(values.length);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = values[i * c + j] as number;
  return out;
}

/**
 * @param snapshot every weight of a LuNet or pretrained ResNet model (snapshotWeightsAsync), batch norm's moving
 *   statistics included
 * @returns the index and the concatenated float32 values (the caller owns both)
 */
export function torchWeights(snapshot: WeightSnapshot): { index: TorchWeightEntry[]; values: Float32Array } {
  const parts: Float32Array[] = [];
  let offset = 0;
  const index = snapshot.names.map((name, i) => {
    const shape = snapshot.shapes[i] ?? [];
    const values = snapshot.values[i] ?? new Float32Array(0);
    const bare = BARE_MATRICES.has(name.slice(name.lastIndexOf('/') + 1));
    const cut = bare ? name.length : name.lastIndexOf('/');
    const layer = name.slice(0, cut);
    const parameter = bare ? 'weight' : PARAMETER[name.slice(cut + 1)];
    if (cut <= 0 || parameter === undefined) throw new Error(`torchWeights: no torch parameter for the weight ${name}`);
    let torchShape = shape;
    let torchValues = values;
    if (parameter === 'weight' && shape.length === 4) {
      torchShape = [shape[3] ?? 0, shape[2] ?? 0, shape[0] ?? 0, shape[1] ?? 0];
      torchValues = hwioToOihw(values, shape);
    } else if (parameter === 'weight' && shape.length === 2) {
      torchShape = [shape[1] ?? 0, shape[0] ?? 0];
      torchValues = transpose2d(values, shape);
    }
    parts.push(torchValues);
    const entry = { tfjs: name, torch: `layers.${layer.replaceAll('/', '.')}.${parameter}`, shape: torchShape, offset, length: values.length };
    offset += values.length;
    return entry;
  });
  const values = new Float32Array(offset);
  index.forEach((e, i) => values.set(parts[i] as Float32Array, e.offset));
  return { index, values };
}
