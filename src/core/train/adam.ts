/**
 * The optimiser of the thesis code: Adam with TF1's defaults (thesis-code-facts.md §4.1), learning
 * rate 2e-4. ε is passed explicitly: `tf.train.adam` otherwise falls back to the backend's epsilon
 * (1e-7 on most backends), not TF1's 1e-8.
 *
 * TF.js's update (per step t, gradient g):  m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;
 *   w ← w − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε).
 * TF1 folds the bias corrections into the step size (ε then sits beside the uncorrected √v); the two
 * differ only through where ε enters, which is negligible unless √v ≈ ε.
 */
import * as tf from '../tf';
import { groupedUpdatesPay } from '../kernels/backend-traits';

export const ADAM_DEFAULTS = { lr: 2e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

export interface AdamSettings {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** Adam with the thesis's settings; any field may be overridden. The caller disposes it. */
export function createAdam(settings: Partial<AdamSettings> = {}): tf.AdamOptimizer {
  const s = { ...ADAM_DEFAULTS, ...settings };
  return new GroupedAdam(s.lr, s.beta1, s.beta2, s.epsilon);
}

/** The fields of TF.js's AdamOptimizer that its update uses (protected or private in its typings). */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

/**
 * TF.js's Adam, with one update for all variables at once where every kernel is a dispatch (WebGPU,
 * WebGL; kernels/backend-traits.ts): the gradients, moments and weights of all variables are
 * concatenated, the update runs once on the flat vectors, and the results are split back. On WebGPU
 * that is 22 + 3k dispatches instead of 14k + 4 for k variables (37 instead of 74 for Deep's five).
 *
 * The update is TF.js's, op for op (tfjs-core optimizers/adam_optimizer.ts), element by element on
 * the same float32 values, so the result is identical (adam.test.ts checks it bit for bit); the state
 * (one m and v variable per weight, accBeta1/2, the iteration count) is kept exactly as TF.js keeps it,
 * so getWeights / setWeights and the checkpoints (optimizer-state.ts) see no difference.
 */
export class GroupedAdam extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!groupedUpdatesPay()) {
      super.applyGradients(variableGradients);
      return;
    }
    const self = this as unknown as AdamInternals;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, self.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, self.accBeta2);
      const parts: { value: tf.Variable; g: tf.Tensor; m: tf.Variable; v: tf.Variable }[] = [];
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        self.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        self.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const g = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
        if (g == null) return;
        parts.push({ value, g, m: self.accumulatedFirstMoment[i].variable, v: self.accumulatedSecondMoment[i].variable });
      });
      if (parts.length > 0) {
        const flat = (ts: tf.Tensor[]) => (ts.length === 1 ? tf.reshape(ts[0], [-1]) : tf.concat(ts.map((t) => tf.reshape(t, [-1]))));
        const g = flat(parts.map((p) => p.g));
        const newM = tf.add(tf.mul(flat(parts.map((p) => p.m)), self.beta1), tf.mul(g, 1 - self.beta1));
        const newV = tf.add(tf.mul(flat(parts.map((p) => p.v)), self.beta2), tf.mul(tf.square(g), 1 - self.beta2));
        const mHat = tf.div(newM, oneMinusAccBeta1);
        const vHat = tf.div(newV, oneMinusAccBeta2);
        const newW = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), self.epsilon)), -self.learningRate), flat(parts.map((p) => p.value)));
        const sizes = parts.map((p) => p.value.size);
        const back = (flatValues: tf.Tensor) => (parts.length === 1 ? [flatValues] : tf.split(flatValues, sizes));
        const [ms, vs, ws] = [back(newM), back(newV), back(newW)];
        parts.forEach((p, k) => {
          p.m.assign(tf.reshape(ms[k], p.m.shape));
          p.v.assign(tf.reshape(vs[k], p.v.shape));
          p.value.assign(tf.reshape(ws[k], p.value.shape));
        });
      }
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    this.incrementIterations();
  }
}

/** The settings an Adam optimizer runs with (read back from the optimizer itself). */
export function adamSettings(opt: tf.AdamOptimizer): AdamSettings {
  const c = opt.getConfig();
  return { lr: Number(c.learningRate), beta1: Number(c.beta1), beta2: Number(c.beta2), epsilon: Number(c.epsilon) };
}
