/**
 * Fresh weights for a cell (thesis-code-facts.md §1.2):
 *   W: truncated normal, mean 0, σ = 1/√fan_in, values beyond 2σ redrawn (tf.truncatedNormal does this);
 *      fan_in = rows of W (recurrent rows of a concatenated input included), k_h·k_w·C_in for conv kernels.
 *   b: 'zero' mode → zeros, not trainable; 'softplus' mode → b with softplus(b) = 0.01, trainable;
 *      R-LSTM gate biases → zeros, trainable.
 * Each tensor gets its own seed derived from `seed` and its position, so equal seeds give equal weights.
 */
import * as tf from '../tf';
import type { Cell, ParamSpec, Weights } from './types';
import { maskSeed } from './ops/dropout';

/** The initial value of one parameter. */
export function initialValue(p: ParamSpec, seed: number): tf.Tensor {
  const init = p.init;
  switch (init.kind) {
    case 'truncated-normal':
      return tf.truncatedNormal(p.shape, 0, 1 / Math.sqrt(init.fanIn), 'float32', seed);
    case 'zeros':
      return tf.zeros(p.shape);
    case 'softplus-bias':
      return tf.fill(p.shape, Math.log(Math.expm1(init.value)));
  }
}

/** New tf.Variables for every parameter of the cell, keyed by name. Dispose them when done. */
export function initWeights(cell: Pick<Cell, 'params'>, seed: number): Weights {
  const w: Weights = {};
  cell.params.forEach((p, k) => {
    const value = initialValue(p, maskSeed(seed, p.name, k) % 2147483647);
    w[p.name] = tf.variable(value, p.trainable);
    value.dispose();
  });
  return w;
}
