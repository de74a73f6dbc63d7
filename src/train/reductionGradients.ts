/**
 * The gradients of Sum and Mean without a JavaScript array of ones. tfjs-core 4.22 broadcasts dy back over the reduced
 * axes by multiplying it with `ones(x.shape)`: an array the size of the input filled element by element in JavaScript,
 * then copied into the backend. Batch norm's moments reduce whole activations, so every training step did that for
 * each of them (tiny network, 32×32, wasm: makeOnesTypedArray alone was ~10 % of a step's CPU profile). The backend's
 * own OnesLike fills its output natively; the products are the same (dy·1 = dy exactly), so are the gradients, bit for
 * bit. Sum's gradient is also made lazily, only when x needs one.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs-core';

/** dy reshaped to x's rank with 1 on the reduced axes, and the number of elements each output summed. */
function expanded(dy: tf.Tensor, x: tf.Tensor, attrs: NamedAttrMap): { dy: tf.Tensor; reduceSize: number } {
  const axes = tf.util.parseAxisParam((attrs as unknown as { axis: number | number[] }).axis, x.shape);
  const shape = x.shape.slice();
  let reduceSize = 1;
  for (const axis of axes) {
    reduceSize *= shape[axis]!;
    shape[axis] = 1;
  }
  return { dy: tf.reshape(dy, shape), reduceSize };
}

/** Ones shaped as x, float32 (tfjs's own for any other dtype). */
const onesAs = (x: tf.Tensor) => (x.dtype === 'float32' ? tf.onesLike(x) : tf.ones(x.shape, 'float32'));

export const sumGradConfig: GradConfig = {
  kernelName: tf.Sum,
  inputsToSave: ['x'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved as [tf.Tensor];
    return { x: () => tf.mul(expanded(dy as tf.Tensor, x, attrs).dy, onesAs(x)) };
  },
};

export const meanGradConfig: GradConfig = {
  kernelName: tf.Mean,
  inputsToSave: ['x'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved as [tf.Tensor];
    return {
      x: () => {
        const e = expanded(dy as tf.Tensor, x, attrs);
        // tfjs divides (dy·1) by the count over the whole input; (dy / count)·1 is the same number, one pass fewer.
        return tf.mul(tf.div(e.dy, e.reduceSize), onesAs(x));
      },
    };
  },
};

/** Replaces tfjs's Sum and Mean gradients (for every backend) with these. */
export function registerReductionGradients(): void {
  tf.registerGradient(sumGradConfig);
  tf.registerGradient(meanGradConfig);
}
