/**
 * Data-parallel training on CPU cores: `world` workers, each on the unthreaded SIMD wasm build, each runs forward and
 * backward over its own slice of the batch. tfjs's threaded wasm build meets its threads at a barrier after every
 * kernel (hundreds a step, most of them small), which on 2 cores made a step slower, not faster; here the workers meet
 * four times a step.
 *
 * The triplet loss couples the whole batch, so inside the tape each worker hands its slice's embeddings to the others,
 * computes the whole batch's loss and G = ∂L/∂E from all of them (cheap next to the network, and the same on every
 * worker), and returns Σ E_slice ⊙ G_slice: its gradient through the network is the slice's share of ∂L/∂w, and the
 * shares sum to the whole batch's gradient. Summed in rank order on every worker, the same update keeps the weights
 * identical. Batch norm normalises each slice with its own statistics ("ghost" batch norm, as PyTorch's DDP does).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Where a worker stands in the exchange and what it carries. `batch` is the whole batch; `params` a gradient slot's floats. */
export interface ExchangeLayout {
  rank: number;
  world: number;
  batch: number;
  dim: number;
  params: number;
}

/** One barrier counter, then the embeddings [batch, dim], then one gradient slot of `params` floats per worker. */
export function sharedBytes(o: Omit<ExchangeLayout, 'rank'>): number {
  return 16 + 4 * (o.batch * o.dim + o.world * o.params);
}

export interface Exchange {
  /** Writes this worker's rows [rank·batch/world, …) of the embeddings, waits for everyone's, returns all rows. */
  embeddings(mine: Float32Array): Float32Array;
  /** Writes this worker's gradients (concatenated, at most `params`), waits for everyone's, returns their sum in rank order. */
  gradients(mine: Float32Array): Float32Array;
}

/**
 * The exchange over `buffer` (sharedBytes(layout), zeroed, the same for every worker). Blocks in Atomics.wait, so it
 * runs in workers only. A peer that does not arrive within `timeoutMs` makes it throw; the exchange is then broken.
 */
export function gradientExchange(buffer: SharedArrayBuffer, o: ExchangeLayout, timeoutMs = 30_000): Exchange {
  if (o.batch % o.world !== 0)
    throw new RangeError(`data-parallel: a batch of ${o.batch} does not split into ${o.world}`);
  const counter = new Int32Array(buffer, 0, 1);
  const rows = new Float32Array(buffer, 16, o.batch * o.dim);
  const slots = Array.from(
    { length: o.world },
    (_, r) => new Float32Array(buffer, 16 + 4 * (o.batch * o.dim + r * o.params), o.params),
  );
  let generation = 0;
  // Everyone adds 1 on arrival; barrier g is passed once the counter reaches g·world.
  const barrier = () => {
    generation++;
    const target = generation * o.world;
    let seen = Atomics.add(counter, 0, 1) + 1;
    if (seen === target) Atomics.notify(counter, 0);
    const deadline = performance.now() + timeoutMs;
    while (seen < target) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`data-parallel: a peer worker did not answer within ${timeoutMs} ms`);
      Atomics.wait(counter, 0, seen, left);
      seen = Atomics.load(counter, 0);
    }
  };
  const slice = (o.batch / o.world) * o.dim;
  return {
    embeddings(mine) {
      if (mine.length !== slice)
        throw new RangeError(`data-parallel: ${mine.length} embedding values, expected ${slice}`);
      rows.set(mine, o.rank * slice);
      barrier();
      const all = rows.slice();
      barrier(); // nobody overwrites the rows before everyone has read them
      return all;
    },
    gradients(mine) {
      if (mine.length > o.params)
        throw new RangeError(`data-parallel: ${mine.length} gradient values, room for ${o.params}`);
      slots[o.rank]!.set(mine);
      barrier();
      const sum = slots[0]!.slice(0, mine.length);
      for (let r = 1; r < o.world; r++) {
        const slot = slots[r]!;
        for (let i = 0; i < sum.length; i++) sum[i]! += slot[i]!;
      }
      barrier();
      return sum;
    },
  };
}

/**
 * One worker's share of a data-parallel step: the whole batch's loss and the whole batch's weight gradients (summed over
 * the workers), both owned by the caller, who applies them (every worker the same update).
 * @param slice this worker's images, rows [rank·B/world, (rank+1)·B/world) of the batch
 * @param loss the whole batch's loss from its embeddings [B, D]
 */
export function sliceStep(
  forward: (images: tf.Tensor4D) => tf.Tensor2D,
  loss: (embeddings: tf.Tensor2D) => tf.Scalar,
  slice: tf.Tensor4D,
  share: Exchange,
  rank: number,
  world: number,
): { loss: tf.Scalar; grads: tf.NamedTensorMap } {
  let whole: tf.Scalar | undefined;
  const { value: surrogate, grads } = tf.variableGrads(() => {
    const mine = forward(slice);
    const [rows, dim] = mine.shape;
    // A wasm read is a copy out of its heap; no GPU is waited on.
    const all = tf.tensor2d(share.embeddings(mine.dataSync() as Float32Array), [rows * world, dim]);
    const { value, grad } = tf.valueAndGrad(loss)(all);
    whole = tf.keep(value);
    return tf.sum(tf.mul(mine, tf.slice(grad, [rank * rows, 0], [rows, dim])));
  });
  const names = Object.keys(grads).sort();
  const flat = new Float32Array(names.reduce((n, k) => n + grads[k]!.size, 0));
  let at = 0;
  for (const k of names) {
    flat.set(grads[k]!.dataSync() as Float32Array, at);
    at += grads[k]!.size;
  }
  const sum = share.gradients(flat);
  const summed: tf.NamedTensorMap = {};
  at = 0;
  for (const k of names) {
    summed[k] = tf.tensor(sum.subarray(at, at + grads[k]!.size), grads[k]!.shape);
    at += grads[k]!.size;
  }
  tf.dispose([surrogate, grads]);
  return { loss: whole!, grads: summed };
}
