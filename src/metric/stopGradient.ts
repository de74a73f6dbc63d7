/**
 * Gradient plumbing that tfjs lacks: a stop-gradient for index and mask computations, and a gather whose
 * gradient is a `scatterND` (registered on cpu, wasm, webgl and webgpu, unlike `UnsortedSegmentSum` on wasm).
 *
 * Why: tfjs walks every taped op between the input and the loss, and comparisons, TopK and SearchSorted have no
 * gradient function, while GatherV2 returns an int32 "gradient" for its indices. Running those ops inside a
 * `customGrad` forward keeps them off the tape; the custom node answers with zeros.
 */
import * as tf from '@tensorflow/tfjs-core';

type CustomBody<T extends tf.Tensor> = (
  inputs: tf.Tensor[],
  save: tf.GradSaveFunc,
) => { value: T; gradFunc: (dy: T, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[] };

/**
 * `tf.customGrad` with the inputs and the save function separated and typed.
 * The body runs off the tape; `gradFunc` must return one float32 gradient per input.
 */
export function customOp<T extends tf.Tensor>(body: CustomBody<T>): (...inputs: tf.Tensor[]) => T {
  const op = tf.customGrad<T>((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const inputs = args.filter((a): a is tf.Tensor => a instanceof tf.Tensor);
    const save = args.find((a): a is tf.GradSaveFunc => typeof a === 'function');
    if (!save) throw new Error('customOp: tfjs passed no save function');
    return body(inputs, save);
  });
  return (...inputs) => op(...inputs);
}

/**
 * Runs `compute` off the gradient tape and attaches its result to `anchor` with a zero gradient.
 * `compute` may read any tensor in scope; `anchor` only gives the node a float input to answer for.
 * @returns the result of `compute` (caller owns it)
 */
export function noGrad<T extends tf.Tensor>(anchor: tf.Tensor, compute: () => T): T {
  const op = customOp<T>(([x]) => ({
    value: compute(),
    gradFunc: () => tf.zerosLike(x as tf.Tensor),
  }));
  return op(anchor);
}

/**
 * Runs `compute` with the gradient tape paused and returns what it returns; the tensors it makes belong to the
 * scope around the call. Inside `tf.grad`/`variableGrads` every op otherwise lands on the tape, gradient or not,
 * with copies of the inputs its gradient would read (on wasm a copy of each [B, B] input). For what no gradient
 * flows through: masks, sorts, the census, the statistics; a tensor made here is a constant to the tape.
 * This is how tfjs itself pauses the tape while a kernel runs (`Engine.runKernelFunc` raises `kernelDepth`).
 */
export function offTape<T>(compute: () => T): T {
  const state = tf.engine().state;
  state.kernelDepth++;
  try {
    return compute();
  } finally {
    state.kernelDepth--;
  }
}

/**
 * `x.flatten()[index]`, differentiable in `x` only.
 * @param x any float32 tensor
 * @param flatIndex int32 indices into the flattened `x`, any shape (typically built under `noGrad`)
 * @returns float32 of `flatIndex`'s shape (caller owns the result)
 */
export function takeFlat(x: tf.Tensor, flatIndex: tf.Tensor): tf.Tensor {
  const size = x.size;
  const shape = x.shape;
  const op = customOp<tf.Tensor>(([value, index], save) => {
    const v = value as tf.Tensor;
    const i = index as tf.Tensor;
    save([i]);
    return {
      value: tf.gather(tf.reshape(v, [size]), tf.reshape(i, [-1])).reshape(i.shape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const idx = saved[0] as tf.Tensor;
        const dx = tf.scatterND(tf.reshape(idx, [-1, 1]), tf.reshape(dy, [-1]), [size]).reshape(shape);
        return [dx, tf.zeros(idx.shape)];
      },
    };
  });
  return op(x, flatIndex);
}

/**
 * Flat indices `row · width + column[row, …]` for `takeFlat` on a `[rows, width]` matrix.
 * @param column int32 [rows] or [rows, K]
 */
export function rowMajorIndex(column: tf.Tensor, width: number): tf.Tensor {
  return tf.tidy(() => {
    const rows = column.shape[0] ?? 0;
    // Below 2^24 the sum is exact in float32, where wasm broadcasts an add 100 times faster than in int32.
    const dtype = rows * width <= 2 ** 24 ? 'float32' : 'int32';
    const rowStart = tf.mul(tf.range(0, rows, 1, dtype), tf.scalar(width, dtype));
    const shaped = column.rank === 1 ? rowStart : tf.reshape(rowStart, [rows, 1]);
    return tf.cast(tf.add(shaped, tf.cast(column, dtype)), 'int32');
  });
}

/**
 * `params[i, index[i, …]]` for every row i: `tf.gather(params, index, 1, 1)` done as a flat gather, because
 * tfjs-backend-wasm 4.22 computes batched int32 gathers wrongly (it read [[1, 2], [3, 4]] at [[1], [0]] as [2, 6]
 * and, on larger batches, out of bounds). Float params stay differentiable through `takeFlat`.
 * @param params [rows, width]
 * @param index int32 [rows] or [rows, k] column indices
 * @returns the shape of `index` (caller owns the result)
 */
export function gatherRows(params: tf.Tensor, index: tf.Tensor): tf.Tensor {
  const width = params.shape[1] ?? 1;
  return tf.tidy(() => {
    const flat = rowMajorIndex(index, width);
    return params.dtype === 'float32' ? takeFlat(params, flat) : tf.gather(tf.reshape(params, [-1]), flat);
  });
}
