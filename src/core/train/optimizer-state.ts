/**
 * Adam's state as plain arrays, for checkpoints (model-io/checkpoint.ts) and resuming.
 *
 * TF.js's Adam keeps, per updated variable i (in the order of the `varList` given to minimize, here
 * the cell's trainable parameters in manifest order), a first moment m_i and a second moment v_i,
 * plus the step count. `getWeights()` returns [iter, m_0…m_{k−1}, v_0…v_{k−1}]; `setWeights()` takes
 * the same list. The slots are named "<param>/m" and "<param>/v" here (TF.js names them after its
 * auto-generated variable names, which do not survive a restart).
 */
import * as tf from '../tf';
import type { Cell } from '../cells/types';

export interface OptimizerSlot {
  /** "<param name>/m" or "<param name>/v". */
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface OptimizerState {
  /** Adam steps done. */
  iterations: number;
  /** [m of each trainable param…, v of each trainable param…]; empty before the first step. */
  slots: OptimizerSlot[];
}

/** The slot names and shapes an Adam over `cell`'s trainable parameters has, in getWeights order. */
export function adamSlotSpecs(cell: Cell): { name: string; shape: number[] }[] {
  const tr = cell.params.filter((p) => p.trainable);
  return [...tr.map((p) => ({ name: `${p.name}/m`, shape: [...p.shape] })), ...tr.map((p) => ({ name: `${p.name}/v`, shape: [...p.shape] }))];
}

/** Reads the state of an Adam that trained `cell` (through train.ts / step.ts). */
export async function exportAdamState(opt: tf.Optimizer, cell: Cell): Promise<OptimizerState> {
  const named = await opt.getWeights();
  const [iter, ...rest] = named;
  const iterations = (await iter.tensor.data())[0];
  iter.tensor.dispose(); // getWeights creates the iteration scalar; the rest are the optimizer's own variables
  if (rest.length === 0) return { iterations, slots: [] };
  const specs = adamSlotSpecs(cell);
  if (rest.length !== specs.length) {
    throw new Error(`the optimizer holds ${rest.length} slots, but an Adam over this cell's trainable weights has ${specs.length}`);
  }
  const slots: OptimizerSlot[] = [];
  for (let i = 0; i < specs.length; i++) {
    slots.push({ name: specs[i].name, shape: specs[i].shape, values: Float32Array.from(await rest[i].tensor.data()) });
  }
  return { iterations, slots };
}

/** Loads a state into a FRESH Adam (one that has taken no step), e.g. createAdam() for a resume. */
export async function importAdamState(opt: tf.Optimizer, cell: Cell, state: OptimizerState): Promise<void> {
  const specs = adamSlotSpecs(cell);
  if (state.slots.length !== 0 && state.slots.length !== specs.length) {
    throw new Error(`the optimizer state has ${state.slots.length} slots, but an Adam over this cell's trainable weights has ${specs.length}`);
  }
  const tensors: { name: string; tensor: tf.Tensor }[] = [{ name: 'iter', tensor: tf.scalar(state.iterations, 'int32') }];
  state.slots.forEach((s, i) => {
    if (s.name !== specs[i].name) throw new Error(`optimizer slot ${i} is "${s.name}", expected "${specs[i].name}"`);
    tensors.push({ name: s.name, tensor: tf.tensor(s.values, specs[i].shape, 'float32') });
  });
  try {
    await opt.setWeights(tensors);
  } finally {
    tf.dispose(tensors.map((t) => t.tensor)); // setWeights made variables of them (they hold their own reference)
  }
  restoreAccumulatedBetas(opt, state.iterations);
}

/**
 * TF.js's Adam keeps β1^(t+1) and β2^(t+1) in two float32 variables, multiplied by β once per step;
 * setWeights recomputes them with one float32 pow(), which differs from the repeated product in the
 * last bits and so makes a resumed run drift from an uninterrupted one. Recompute them the way the
 * steps do (the fields are private to tfjs-core; skipped when absent).
 */
function restoreAccumulatedBetas(opt: tf.Optimizer, iterations: number): void {
  const o = opt as unknown as { accBeta1?: tf.Variable; accBeta2?: tf.Variable; beta1?: number; beta2?: number };
  if (!o.accBeta1 || !o.accBeta2 || typeof o.beta1 !== 'number' || typeof o.beta2 !== 'number') return;
  for (const [acc, beta] of [[o.accBeta1, o.beta1], [o.accBeta2, o.beta2]] as const) {
    // float32 products: the double product of two float32s is exact, fround rounds it as the backend does.
    const b = Math.fround(beta);
    let v = b;
    for (let i = 0; i < iterations; i++) v = Math.fround(v * b);
    tf.tidy(() => acc.assign(tf.scalar(v)));
  }
}
