/**
 * The work a backend is timed on (backend-choice.ts `measure`): one grid update (explainGrid with
 * the grid's methods on a fresh Deep MAJ cell, seeded, with its weights prepared as the grid's
 * are) and one training step at a batch size (the core's trainStep with Adam). Both read their
 * results back, so a GPU backend's time includes its queue. `prepare` activates the backend and
 * fails when TF.js did not really switch (it falls back silently).
 */
import * as tf from '../core/tf';
import { prepareWeights, type PreparedWeights } from '../core/explain/propagate/cell-weights';
import { createAdam } from '../core/train/adam';
import { trainableVariables, trainStep } from '../core/train/step';
import type { BackendName } from '../protocol/messages';
import type { Workload } from './backend-choice';
import { explainGrid } from './explain-grid';
import { registerBackend } from './register-backend';
import { freshModel, type Model } from './model-slot';

export const DEFAULT_MEASURE_METHODS = ['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta:a1.5b0.5'];

/** Activates `backend` or throws (TF.js falls back silently: tf.getBackend() is checked). */
export async function activate(backend: BackendName): Promise<void> {
  await registerBackend(backend);
  const ok = await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) throw new Error(ok ? `TF.js is on "${tf.getBackend()}" instead` : 'setBackend returned false');
}

/** A 28 × 84 grey image with three strokes, deterministic (the work does not depend on the digits). */
function strokes(): Uint8Array {
  const px = new Uint8Array(28 * 84);
  for (let b = 0; b < 3; b++) for (let r = 4; r < 24; r++) for (let c = 10 + b; c < 16 + b; c++) px[r * 84 + 28 * b + c] = 255 - 8 * Math.abs(c - 13 - b);
  return px;
}

/** One grid update of `methods` per run. */
export function gridWorkload(methods: readonly string[]): Workload {
  let model: Model | null = null;
  let prepared: PreparedWeights | null = null;
  const pixels = strokes();
  return {
    async prepare(backend) {
      await activate(backend);
      model = freshModel('deep', 'maj', 1);
      prepared = prepareWeights(model.cell, model.weights);
    },
    async run(backend) {
      const t0 = performance.now();
      await explainGrid(model!, { slot: 'measure', pixels, label: 1, mask: [1, 1, 0], methods: [...methods], version: 0 }, backend, prepared);
      return performance.now() - t0;
    },
    cleanup() {
      prepared?.dispose();
      if (model) tf.dispose(Object.values(model.weights));
      prepared = null;
      model = null;
    },
  };
}

/** One training step (forward with dropout, loss, gradients, Adam) on `batchSize` sequences per run. */
export function trainWorkload(batchSize: number): Workload {
  let model: Model | null = null;
  let optimizer: tf.Optimizer | null = null;
  let x: tf.Tensor3D | null = null;
  let labels: tf.Tensor1D | null = null;
  let step = 0;
  return {
    async prepare(backend) {
      await activate(backend);
      model = freshModel('deep', 'maj', 1);
      optimizer = createAdam({ lr: 1e-4 });
      x = tf.randomUniform([batchSize, 28, 84], -1, 1, 'float32', 7) as tf.Tensor3D;
      labels = tf.tensor1d(Array.from({ length: batchSize }, (_, i) => i % 10), 'int32');
    },
    async run() {
      const t0 = performance.now();
      const out = trainStep({ cell: model!.cell, weights: model!.weights, optimizer: optimizer!, varList: trainableVariables(model!.cell, model!.weights) }, x!, labels!, ++step);
      await out.loss.data();
      tf.dispose([out.loss, out.correct]);
      return performance.now() - t0;
    },
    cleanup() {
      optimizer?.dispose();
      if (x) x.dispose();
      if (labels) labels.dispose();
      if (model) tf.dispose(Object.values(model.weights));
      model = null;
      optimizer = null;
      x = null;
      labels = null;
    },
  };
}
