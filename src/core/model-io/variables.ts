/** Moving weights between tf.Variables (training, explaining) and plain Float32Arrays (model files). */
import * as tf from '../tf';
import type { Cell, Weights } from '../cells/types';

/** Reads every parameter of `cell` from `weights` into a fresh Float32Array (row-major), in manifest order. */
export async function readWeightValues(cell: Cell, weights: Weights): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const p of cell.params) {
    const v = weights[p.name];
    if (!v) throw new Error(`readWeightValues: no variable for weight "${p.name}"`);
    out[p.name] = Float32Array.from(await v.data());
  }
  return out;
}

/**
 * Creates one tf.Variable per parameter from loaded values (parseModel's `weights`), trainable as the
 * cell's ParamSpec says. The caller disposes the variables.
 */
export function createVariables(cell: Cell, values: Record<string, Float32Array>): Weights {
  const w: Weights = {};
  try {
    for (const p of cell.params) {
      const v = values[p.name];
      if (!v) throw new Error(`createVariables: no values for weight "${p.name}"`);
      const t = tf.tensor(v, p.shape, 'float32');
      w[p.name] = tf.variable(t, p.trainable);
      t.dispose();
    }
  } catch (err) {
    tf.dispose(Object.values(w));
    throw err;
  }
  return w;
}

/** Overwrites existing variables with loaded values (same names and shapes). */
export function assignWeightValues(cell: Cell, weights: Weights, values: Record<string, Float32Array>): void {
  for (const p of cell.params) {
    const v = values[p.name];
    if (!v) throw new Error(`assignWeightValues: no values for weight "${p.name}"`);
    tf.tidy(() => weights[p.name].assign(tf.tensor(v, p.shape, 'float32')));
  }
}
