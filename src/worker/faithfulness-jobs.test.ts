/**
 * The `perturbation` and `randomisation` calls in Node, on the real core, served over a
 * MessageChannel as in the page (no worker), on the wasm backend: the curves and stages agree with
 * the grid's explanation of the same pixels, progress is reported, a newer request supersedes an
 * older one, and no tensor leaks; the model is the same afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { MessageChannel } from 'node:worker_threads';
import * as tf from '../core/tf';
import { useBackend } from '../../test/tf-backend';
import { nodeReader } from '../node/data';
import { aopc } from '../core/faithfulness/perturbation';
import { ProtocolClient } from '../protocol/client';
import { WorkerCallError, isSuperseded } from '../protocol/errors';
import { PROTOCOL_VERSION, type JobProgress, type PerturbationRequest } from '../protocol/messages';
import type { PortLike } from '../protocol/port';
import { serve } from '../protocol/server';
import { createHandlers } from './handlers';
import { meanCurve } from './faithfulness-jobs';

const { port1, port2 } = new MessageChannel();
let client: ProtocolClient;
let sample: { pixels: Uint8Array; label: number };

beforeAll(async () => {
  serve(
    port2 as unknown as PortLike,
    createHandlers({
      initBackend: async (requested) => {
        await useBackend('wasm');
        tf.env().set('IS_TEST', false);
        return { protocol: PROTOCOL_VERSION, backend: 'wasm', requested, reason: 'test', webgpu: null, webglSoftware: null, attempts: [] };
      },
      read: nodeReader(),
      compressed: false,
    }),
  );
  client = new ProtocolClient(port1 as unknown as PortLike);
  await client.call({ kind: 'hello', backend: null });
  // The bundled pretrained Deep cell (public/models/README.md) and MNIST-MAJ test sequence 0.
  const dir = new URL('../../public/models/deep-mnist-maj/', import.meta.url);
  const [json, weights] = await Promise.all([readFile(new URL('model.json', dir)), readFile(new URL('weights.bin', dir))]);
  await client.call({ kind: 'loadModel', slot: 'f', json: new Uint8Array(json), weights: new Uint8Array(weights), name: 'deep-mnist-maj', source: 'bundled' });
  const s = await client.call({ kind: 'getSample', dataset: 'mnist', task: 'maj', split: 'test', index: 0 });
  sample = { pixels: s.pixels, label: s.label };
});
afterAll(() => {
  port1.close();
  port2.close();
});

const pixels = () => sample.pixels.slice();
const METHODS = ['sensitivity', 'deep-taylor'];
const request = (over: Partial<PerturbationRequest> = {}): PerturbationRequest => ({
  slot: 'f',
  pixels: pixels(),
  label: null,
  methods: METHODS,
  fill: 'background',
  patch: 4,
  steps: 10,
  randomOrders: 3,
  version: 5,
  ...over,
});

describe('worker: region perturbation curves', () => {
  it('starts every curve at the grid’s logit of the explained class, with the AOPC of its own curve and the random orders’ mean', async () => {
    const grid = await client.call({ kind: 'explainGrid', slot: 'f', pixels: pixels(), label: null, mask: null, methods: METHODS, version: 5 });
    expect(grid.predicted).toBe(sample.label); // the trained model gets it right
    const seen: JobProgress[] = [];
    const r = await client.call({ kind: 'perturbation', ...request() }, { onProgress: (p) => seen.push(p) });
    expect([r.slot, r.version, r.width, r.steps, r.patches, r.patch, r.fill, r.target]).toEqual(['f', 5, 84, 10, 7 * 21, 4, 'background', grid.target]);
    expect(r.methods.map((m) => m.label)).toEqual(['Sensitivity analysis', 'Deep Taylor decomposition']);
    const y0 = grid.logits[grid.target];
    for (const m of r.methods) {
      expect(m.curve).toHaveLength(11);
      expect(m.curve[0]).toBeCloseTo(y0, 4);
      expect(m.aopc).toBeCloseTo(aopc(m.curve), 5);
    }
    // Each method's own heatmap orders its patches: the two curves differ, and a method's curve is
    // the same whichever other methods are asked for with it.
    expect(r.methods[0].curve).not.toEqual(r.methods[1].curve);
    const alone = await client.call({ kind: 'perturbation', ...request({ methods: ['deep-taylor'] }) });
    expect(alone.methods[0].curve).toEqual(r.methods[1].curve);
    expect(alone.random.curves).toEqual(r.random.curves);
    // On the trained cell, deep Taylor's most relevant patches lower the logit more than random ones.
    expect(r.methods[1].aopc).toBeGreaterThan(r.random.aopc);
    expect(r.methods[1].curve[10]).toBeLessThan(y0);
    expect(r.random.curves).toHaveLength(3);
    // Three different random orders, one reference: their mean and its AOPC.
    expect(new Set(r.random.curves.map((c) => c.join())).size).toBe(3);
    expect(r.random.mean).toEqual(meanCurve(r.random.curves));
    expect(r.random.aopc).toBeCloseTo(aopc(r.random.mean), 6);
    // Progress: explaining, then the curves (2 methods + 3 orders = 5), in order, to the end.
    expect(seen[0]).toEqual({ phase: 'explaining', done: 0, total: 1 });
    const done = seen.filter((p) => p.phase === 'perturbing').map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toEqual({ phase: 'perturbing', done: 5, total: 5 });
  });

  it('gives the same curves again (seeded), leaks no tensors, and takes noise and other patch sizes', async () => {
    const a = await client.call({ kind: 'perturbation', ...request({ fill: 'noise' }) });
    const before = tf.memory().numTensors;
    const b = await client.call({ kind: 'perturbation', ...request({ fill: 'noise' }) });
    expect(tf.memory().numTensors).toBe(before);
    expect(b.methods.map((m) => m.curve)).toEqual(a.methods.map((m) => m.curve));
    expect(b.random.curves).toEqual(a.random.curves);
    const big = await client.call({ kind: 'perturbation', ...request({ patch: 14, steps: 50, randomOrders: 1 }) });
    expect([big.patches, big.steps, big.random.curves.length]).toEqual([12, 12, 1]); // L capped at the 2 × 6 patches
    const err = (await client.call({ kind: 'perturbation', ...request({ patch: 5 }) }).catch((e: unknown) => e)) as WorkerCallError;
    expect(err.message).toBe('a patch of 5 pixels must divide the image height 28 and width 84');
  });

  it('is superseded by a newer request (the sequence changed): the stale call rejects, the newer one answers', async () => {
    const before = tf.memory().numTensors;
    const [a, b] = await Promise.allSettled([client.call({ kind: 'perturbation', ...request({ version: 1 }) }), client.call({ kind: 'perturbation', ...request({ version: 2 }) })]);
    expect(a.status === 'rejected' && isSuperseded(a.reason)).toBe(true);
    expect(b.status === 'fulfilled' && b.value.version).toBe(2);
    // A call cancelled while it runs stops between batches and leaves nothing behind.
    const ac = new AbortController();
    const c = client.call({ kind: 'perturbation', ...request({ steps: 60, randomOrders: 8 }) }, { signal: ac.signal, onProgress: (p) => p.phase === 'perturbing' && ac.abort() });
    expect(((await c.catch((e: unknown) => e)) as WorkerCallError).code).toBe('cancelled');
    await client.call({ kind: 'memory' }); // a round trip: the cancelled job has stopped
    await new Promise((r) => setTimeout(r, 50));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('worker: cascading randomisation', () => {
  it('explains every stage from the original down, 1 at stage 0, and leaves the model and the memory as they were', async () => {
    const grid = await client.call({ kind: 'explainGrid', slot: 'f', pixels: pixels(), label: 3, mask: null, methods: METHODS, version: 1 });
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const r = await client.call({ kind: 'randomisation', slot: 'f', pixels: pixels(), label: 3, methods: METHODS, seed: 1, version: 9 }, { onProgress: (p) => seen.push(p.done) });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.layers).toEqual(['output_2', 'output_1', 'recurrent', 'input_to_cell', 'input_1']);
    expect([r.version, r.target, r.heatmaps.length, r.spearman.length, r.ssim.length]).toEqual([9, 3, 6, 6, 6]);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.methods.map((m) => m.method)).toEqual(METHODS);
    // Stage 0 is the grid's heatmap of the same class.
    for (let m = 0; m < METHODS.length; m++) {
      const g = grid.cells[m].heatmap;
      const h = r.heatmaps[0][m];
      const scale = Math.max(...g.map(Math.abs));
      expect(Math.max(...h.map((v, i) => Math.abs(v - g[i])))).toBeLessThan(1e-4 * scale + 1e-9);
    }
    expect(r.spearman[0]).toEqual([1, 1]);
    expect(r.ssim[0][0]).toBeCloseTo(1, 10);
    // With every layer re-initialised, the maps are other maps.
    for (let m = 0; m < METHODS.length; m++) {
      expect(Array.from(r.heatmaps[5][m])).not.toEqual(Array.from(r.heatmaps[0][m]));
      expect(r.spearman[5][m]).toBeLessThan(0.999);
    }
    for (const stage of [...r.spearman, ...r.ssim]) for (const v of stage) expect(Math.abs(v)).toBeLessThanOrEqual(1 + 1e-9);
    // The model is untouched: the grid gives the very same heatmaps as before.
    const again = await client.call({ kind: 'explainGrid', slot: 'f', pixels: pixels(), label: 3, mask: null, methods: METHODS, version: 2 });
    expect(Array.from(again.cells[1].heatmap)).toEqual(Array.from(grid.cells[1].heatmap));
    expect(again.logits).toEqual(grid.logits);
  });

  it('explains the original model’s prediction when no class repeats', async () => {
    await client.call({ kind: 'initModel', slot: 'f', preset: 'deep', task: 'maj', seed: 3 }); // untrained: the prediction is not the label
    const grid = await client.call({ kind: 'explainGrid', slot: 'f', pixels: pixels(), label: null, mask: null, methods: ['sensitivity'], version: 1 });
    const r = await client.call({ kind: 'randomisation', slot: 'f', pixels: pixels(), label: null, methods: ['sensitivity'], seed: 2, version: 1 });
    expect(r.target).toBe(grid.predicted);
  });
});
