/**
 * One explain-pool worker thread (./explain-pool.ts): its own TF.js (wasm), the model from workerData
 * (cell options and weight values) with its weights prepared once; answers explainMany requests on
 * chunks of a batch with plain-data results.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCell } from '../core/cells';
import { createVariables } from '../core/model-io/variables';
import { explainMany } from '../core/explain/explain';
import { prepareWeights } from '../core/explain/propagate/cell-weights';
import { useNodeBackend, type NodeBackend } from './tf-backend';
import type { PoolRequest, PoolResponse, PoolWorkerData } from './explain-pool';

const data = workerData as PoolWorkerData;
const port = parentPort!;
await useNodeBackend(data.backend as NodeBackend);
const cell = createCell(data.options);
const weights = createVariables(cell, data.weights);
const prepared = prepareWeights(cell, weights);

port.on('message', (req: PoolRequest) => {
  const { heatmaps = true, ...opts } = req.opts;
  explainMany(cell, weights, req.x, req.methods, { ...opts, prepared }).then(
    (results) => {
      if (!heatmaps) for (const r of results) for (const s of r.sequences) s.heatmap = new Float32Array(0);
      port.postMessage({ id: req.id, results } satisfies PoolResponse);
    },
    (err: unknown) => port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies PoolResponse),
  );
});
port.postMessage({ ready: true });
