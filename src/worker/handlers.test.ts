/**
 * The worker's handlers in Node, on the real core and the prepared data (no browser, no worker):
 * served over a MessageChannel as in the page, with the wasm backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import * as tf from '../core/tf';
import { useBackend } from '../../test/tf-backend';
import { nodeReader } from '../node/data';
import { cellFromPreset, initWeights } from '../core/cells';
import { serializeModel } from '../core/model-io/serialize-model';
import { readWeightValues } from '../core/model-io/variables';
import { ProtocolClient } from '../protocol/client';
import { WorkerCallError, isSuperseded } from '../protocol/errors';
import { PROTOCOL_VERSION } from '../protocol/messages';
import type { PortLike } from '../protocol/port';
import { serve } from '../protocol/server';
import { createHandlers } from './handlers';

const { port1, port2 } = new MessageChannel();
let client: ProtocolClient;
const ref = { dataset: 'mnist', task: 'maj', split: 'test' } as const;

beforeAll(async () => {
  serve(
    port2 as unknown as PortLike,
    createHandlers({
      initBackend: async (requested) => {
        await useBackend('wasm');
        tf.env().set('IS_TEST', false); // as in the browser; leaks are checked with tf.memory() below
        return { protocol: PROTOCOL_VERSION, backend: 'wasm', requested, reason: 'test', webgpu: null, webglSoftware: null, attempts: [] };
      },
      read: nodeReader(),
      compressed: false,
    }),
  );
  client = new ProtocolClient(port1 as unknown as PortLike);
  await client.call({ kind: 'hello', backend: null });
});
afterAll(() => {
  port1.close();
  port2.close();
});

/** A valid model file pair of a fresh Shallow MAJ cell (seed 5). */
async function shallowFiles() {
  const cell = cellFromPreset('shallow', { T: 12, width: 84 });
  const w = initWeights(cell, 5);
  const m = serializeModel({ cell, preset: 'shallow', weights: await readWeightValues(cell, w), training: null, metrics: null });
  tf.dispose(Object.values(w));
  return { json: new TextEncoder().encode(m.modelJson), weights: new Uint8Array(m.weightsBin) };
}

describe('worker handlers', () => {
  it('loads a MAJ test set and serves samples with label, mask and raw pixels', async () => {
    const info = await client.call({ kind: 'loadData', ...ref });
    expect([info.n, info.width, info.classNames[3]]).toEqual([10000, 84, '3']);
    const s = await client.call({ kind: 'getSample', ...ref, index: 17 });
    expect(s.pixels).toBeInstanceOf(Uint8Array);
    expect(s.pixels.length).toBe(28 * 84);
    expect(s.mask!.reduce((a, b) => a + b, 0)).toBe(2);
    expect(Math.max(...s.pixels)).toBeGreaterThan(200);
    // The blocks' classes: the two majority blocks carry the label, the other one another class.
    expect(s.blocks.map((b, k) => (s.mask![k] ? b.label === s.label : b.label !== s.label))).toEqual([true, true, true]);
    const err = (await client.call({ kind: 'getSample', ...ref, index: 10000 }).catch((e: unknown) => e)) as WorkerCallError;
    expect(err.message).toBe('index 10000 is out of range: the set has 10000 sequences (0…9999)');
  });

  it('explains with a seeded model, and leaks no tensors across calls', async () => {
    const m = await client.call({ kind: 'initModel', slot: 'a', preset: 'deep', task: 'maj', seed: 1 });
    expect([m.slot, m.name, m.T, m.width, m.parameters, m.parametersThesis, m.source, m.training]).toEqual(['a', 'Deep', 12, 84, 153578, 153578, 'init', null]);
    const held = tf.memory().numTensors; // a fresh Deep: its weights
    await client.call({ kind: 'explain', ...ref, index: 0, method: 'deep-taylor', target: 'predicted' }); // warm-up (prepares the weights)
    const before = tf.memory().numTensors;
    const e = await client.call({ kind: 'explain', ...ref, index: 0, method: 'deep-taylor', target: 'predicted' });
    expect(tf.memory().numTensors).toBe(before);
    expect(e.heatmap.length).toBe(28 * 84);
    expect(e.target).toBe(e.predicted);
    let sum = 0;
    for (const v of e.heatmap) sum += v;
    expect(sum).toBeCloseTo(e.conservation.sum, 5);
    // Replacing the model disposes the old weights and their prepared forms: the count returns to what
    // a fresh Deep holds.
    await client.call({ kind: 'initModel', slot: 'a', preset: 'deep', task: 'maj', seed: 2 });
    expect(tf.memory().numTensors).toBe(held);
  });

  it('loads a file pair; a corrupt pair is refused with the loader message and the model stays', async () => {
    const files = await shallowFiles();
    const ok = await client.call({ kind: 'loadModel', slot: 'a', ...files, name: 'model.json' });
    expect([ok.name, ok.source, ok.parameters]).toEqual(['Shallow', 'file', 184330]);
    const tensors = tf.memory().numTensors;
    const cut = files.weights.slice(0, files.weights.length - 100);
    const err = (await client.call({ kind: 'loadModel', slot: 'a', json: files.json, weights: cut, name: 'model.json' }).catch((e: unknown) => e)) as WorkerCallError;
    expect(err.code).toBe('failed');
    expect(err.message).toContain('truncated: 100 bytes missing');
    expect(tf.memory().numTensors).toBe(tensors);
    const e = await client.call({ kind: 'explain', ...ref, index: 1, method: 'sensitivity' });
    expect(e.heatmap.length).toBe(28 * 84); // still the Shallow model: explaining works
  });

  it('inspects a model.json alone: the size its weights.bin must have, or the loader message', async () => {
    const files = await shallowFiles();
    const info = await client.call({ kind: 'inspectModel', json: files.json });
    expect(info).toEqual({ preset: 'shallow', weights: 6, weightBytes: files.weights.length });
    expect(info.weightBytes).toBe(184330 * 4); // Shallow MAJ's true parameter count, float32
    // A UTF-8 byte-order mark (Windows editors) is accepted.
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...files.json]);
    expect((await client.call({ kind: 'inspectModel', json: bom })).weightBytes).toBe(files.weights.length);
    const err = (await client.call({ kind: 'inspectModel', json: new TextEncoder().encode('PK\u0003\u0004 not json') }).catch((e: unknown) => e)) as WorkerCallError;
    expect([err.code, err.message]).toEqual(['failed', expect.stringMatching(/^model\.json: not valid JSON \(/)]);
  });

  it('hands the file buffers back when asked (transferred, the same bytes), and loads as without', async () => {
    const files = await shallowFiles();
    const json = files.json.slice();
    const weights = files.weights.slice();
    const r = await client.call({ kind: 'loadModel', slot: 'rf', json, weights, name: 'model.json', returnFiles: true }, { transfer: [json.buffer, weights.buffer] });
    expect(json.byteLength).toBe(0); // transferred, not copied
    expect([r.name, r.parameters]).toEqual(['Shallow', 184330]);
    expect(Array.from(r.files!.json)).toEqual(Array.from(files.json));
    expect(Array.from(r.files!.weights)).toEqual(Array.from(files.weights));
    const plain = await client.call({ kind: 'loadModel', slot: 'rf', ...files, name: 'model.json' });
    expect(plain).not.toHaveProperty('files');
    await client.call({ kind: 'removeModel', slot: 'rf' });
  });

  it('refuses to train on more sequences than the training split holds', async () => {
    const err = (await client
      .call({ kind: 'trainStart', slot: 't', preset: 'shallow', dataset: 'fashion', task: 'maj', limit: 10_000_000, epochs: 1, batchSize: 10, lr: 2e-4, seed: 1 })
      .catch((e: unknown) => e)) as WorkerCallError;
    expect([err.code, err.message]).toEqual(['failed', expect.stringMatching(/^trainStart\.limit must be at most \d+ \(the fashion-maj training split's sequences\), got 10000000$/)]);
  });

  it('the device-loss test hook is refused without a GPU device', async () => {
    const err = (await client.call({ kind: 'crash', message: 'x', deviceLoss: true }).catch((e: unknown) => e)) as WorkerCallError;
    expect(err.message).toBe('no GPU device to lose: the worker runs on wasm');
  });

  it('trains with progress, pauses, resumes and stops; the trained cell becomes current', async () => {
    const seen: number[] = [];
    const run = client.call(
      { kind: 'trainStart', slot: 't', preset: 'shallow', dataset: 'mnist', task: 'maj', limit: 60, epochs: 3, batchSize: 10, lr: 2e-4, seed: 3 },
      { onProgress: (p) => seen.push(p.iteration) },
    );
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect((await client.call({ kind: 'trainPause' })).state).toBe('paused');
    expect((await client.call({ kind: 'trainResume' })).state).toBe('running');
    expect((await client.call({ kind: 'trainStop' })).state).toBe('stopped');
    const done = await run;
    expect(done.aborted).toBe(true);
    expect(done.iterations).toBeGreaterThanOrEqual(2);
    expect(done.iterations).toBeLessThan(18);
    expect(done.model).toMatchObject({ slot: 't', name: 'Shallow', source: 'trained' });
    expect(done.model.training).toMatchObject({ dataset: 'mnist', task: 'maj', T: 12, lr: 2e-4, batch: 10, epochs: 3, limit: 60, backend: 'wasm' });
    expect(done.model.metrics).toMatchObject({ iterations: done.iterations, complete: false, trainN: 60 });
    expect(Number.isFinite(done.loss)).toBe(true);
    expect((await client.call({ kind: 'trainStop' })).state).toBe('idle');
  });

  it('refuses an unknown preset with the list of valid ones', async () => {
    const err = (await client
      .call({ kind: 'trainStart', slot: 't', preset: 'deep-v3' as never, dataset: 'mnist', task: 'maj', limit: 10, epochs: 1, batchSize: 10, lr: 2e-4, seed: 1 })
      .catch((e: unknown) => e)) as WorkerCallError;
    expect(err.message).toMatch(/^unknown cell id "deep-v3"; valid ids: shallow, deep, /);
  });
});

const FIVE = ['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta:a1.5b0.5'];

describe('worker handlers: the comparison grid', () => {
  it('explains a sequence given as pixels with five methods in one call, as the data path does, without leaking', async () => {
    await client.call({ kind: 'initModel', slot: 'g1', preset: 'deep', task: 'maj', seed: 4 });
    const s = await client.call({ kind: 'getSample', ...ref, index: 3 });
    const req = { kind: 'explainGrid', slot: 'g1', pixels: s.pixels, label: s.label, mask: s.mask, methods: FIVE, version: 7 } as const;
    await client.call(req); // warm-up
    const before = tf.memory().numTensors;
    const g = await client.call(req);
    expect(tf.memory().numTensors).toBe(before);
    expect([g.slot, g.version, g.width, g.T, g.target, g.cells.length]).toEqual(['g1', 7, 84, 12, s.label, 5]);
    expect(g.cells.map((c) => c.label)).toEqual(['Sensitivity analysis', 'Guided backprop', 'Gradient × input (simple Taylor)', 'Deep Taylor decomposition', 'LRP-α1.5β0.5']);
    // The 11-way probabilities: below 1 in sum, largest at the prediction.
    const psum = g.probabilities.reduce((a, b) => a + b, 0);
    expect(psum).toBeLessThan(1);
    expect(psum).toBeGreaterThan(0.5);
    expect(g.probabilities.indexOf(Math.max(...g.probabilities))).toBe(g.predicted);
    for (const c of g.cells) {
      expect(c.heatmap.length).toBe(28 * 84);
      expect(c.cosine).not.toBeNull();
      // Shares of the positive relevance sum to 1, or to 0 when there is none (e.g. DTD with y_c ≤ 0).
      const anyPositive = c.heatmap.some((v) => v > 0);
      expect(c.blockShares.reduce((a, b) => a + b, 0)).toBeCloseTo(anyPositive ? 1 : 0, 5);
      let sum = 0;
      for (const v of c.heatmap) sum += v;
      expect(sum).toBeCloseTo(c.conservation.sum, 4);
    }
    // Deep Taylor conserves: ΣR = relu(y_c) (facts §5.7, §8: 1e-2 absolute).
    const dt = g.cells[3].conservation;
    expect(Math.abs(dt.sum - Math.max(0, dt.logit))).toBeLessThan(1e-2);
    // The same sequence through the data path (SequenceSet.batch) gives the same heatmap.
    const e = await client.call({ kind: 'explain', slot: 'g1', ...ref, index: 3, method: 'deep-taylor' });
    let diff = 0;
    for (let i = 0; i < e.heatmap.length; i++) diff = Math.max(diff, Math.abs(e.heatmap[i] - g.cells[3].heatmap[i]));
    expect(diff).toBe(0);
  });

  it('explains the predicted class and reports no cosine when no class repeats', async () => {
    const s = await client.call({ kind: 'getSample', ...ref, index: 5 });
    const g = await client.call({ kind: 'explainGrid', slot: 'g1', pixels: s.pixels, label: null, mask: null, methods: ['deep-taylor'], version: 1 });
    expect(g.target).toBe(g.predicted);
    expect(g.cells[0].cosine).toBeNull();
  });

  it('supersedes a stale grid of the same model, not the grid of another model', async () => {
    await client.call({ kind: 'initModel', slot: 'g2', preset: 'r-lstm-sd', task: 'maj', seed: 4 });
    const s = await client.call({ kind: 'getSample', ...ref, index: 8 });
    const req = (slot: string, version: number) =>
      client.call({ kind: 'explainGrid', slot, pixels: s.pixels.slice(), label: s.label, mask: s.mask, methods: ['sensitivity', 'deep-taylor'], version });
    const [a, b, c] = await Promise.allSettled([req('g1', 1), req('g2', 1), req('g1', 2)]);
    expect(a.status === 'rejected' && isSuperseded(a.reason)).toBe(true);
    expect(b.status === 'fulfilled' && [b.value.slot, b.value.version]).toEqual(['g2', 1]);
    expect(c.status === 'fulfilled' && [c.value.slot, c.value.version]).toEqual(['g1', 2]);
  });

  it('an unknown method is refused with the list of valid ids', async () => {
    const s = await client.call({ kind: 'getSample', ...ref, index: 0 });
    const err = (await client
      .call({ kind: 'explainGrid', slot: 'g1', pixels: s.pixels, label: s.label, mask: s.mask, methods: ['lrp-gamma'], version: 1 })
      .catch((e: unknown) => e)) as WorkerCallError;
    expect(err.message).toMatch(/^unknown method "lrp-gamma"; valid ids: sensitivity, /);
  });

  it('saves a model in the documented format that loads into another slot with the same outputs', async () => {
    const files = await client.call({ kind: 'saveModel', slot: 'g2' });
    expect(files.name).toBe('r-lstm-sd-untrained');
    const meta = JSON.parse(new TextDecoder().decode(files.json)) as { format: string; preset: string };
    expect([meta.format, meta.preset]).toEqual(['rrx-model', 'r-lstm-sd']);
    const copy = await client.call({ kind: 'loadModel', slot: 'g3', json: files.json, weights: files.weights, name: 'copy', source: 'stored' });
    expect([copy.name, copy.source, copy.parameters, copy.parametersThesis]).toEqual(['R-LSTM-SD', 'stored', 145914, 145701]); // facts §3.2
    const s = await client.call({ kind: 'getSample', ...ref, index: 9 });
    const run = (slot: string) => client.call({ kind: 'explainGrid', slot, pixels: s.pixels.slice(), label: s.label, mask: s.mask, methods: ['deep-taylor'], version: 1 });
    const [x, y] = [await run('g2'), await run('g3')];
    expect(y.logits).toEqual(x.logits);
    const mem = await client.call({ kind: 'memory' });
    expect(mem.slots).toEqual(expect.arrayContaining(['g1', 'g2', 'g3']));
    const held = mem.numTensors;
    expect((await client.call({ kind: 'removeModel', slot: 'g3' })).removed).toBe(true);
    expect((await client.call({ kind: 'memory' })).numTensors).toBeLessThan(held);
  });

  it('evaluates a model on a seeded subset of the test split', async () => {
    const r = await client.call({ kind: 'evaluate', ...ref, slot: 'g1', limit: 40 });
    expect(r.n).toBe(40);
    expect(r.accuracy).toBeGreaterThanOrEqual(0);
    expect(r.accuracy).toBeLessThanOrEqual(1);
    expect(r.loss).toBeGreaterThan(0);
    expect(r.model.metrics).toBeNull(); // an untrained model has no metrics to update
  });

  it('finds test images and sequences by class', async () => {
    const img = await client.call({ kind: 'getImage', dataset: 'mnist', label: 7, pick: 3 });
    expect([img.label, img.pixels.length]).toEqual([7, 784]);
    const again = await client.call({ kind: 'getImage', dataset: 'mnist', baseIndex: img.baseIndex });
    expect(Array.from(again.pixels)).toEqual(Array.from(img.pixels));
    const f = await client.call({ kind: 'findSequence', ...ref, label: 4, pick: 10 });
    const s = await client.call({ kind: 'getSample', ...ref, index: f.index });
    expect(s.label).toBe(4);
    expect(f.count).toBeGreaterThan(500);
  });
});

