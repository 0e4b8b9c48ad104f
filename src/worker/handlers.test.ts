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
import { WorkerCallError } from '../protocol/errors';
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
    const err = (await client.call({ kind: 'getSample', ...ref, index: 10000 }).catch((e: unknown) => e)) as WorkerCallError;
    expect(err.message).toBe('index 10000 is out of range: the set has 10000 sequences (0…9999)');
  });

  it('explains with a seeded model, and leaks no tensors across calls', async () => {
    const m = await client.call({ kind: 'initModel', preset: 'deep', task: 'maj', seed: 1 });
    expect([m.name, m.T, m.width, m.parameters, m.source]).toEqual(['Deep', 12, 84, 153578, 'init']);
    await client.call({ kind: 'explain', ...ref, index: 0, method: 'deep-taylor', target: 'predicted' }); // warm-up
    const before = tf.memory().numTensors;
    const e = await client.call({ kind: 'explain', ...ref, index: 0, method: 'deep-taylor', target: 'predicted' });
    expect(tf.memory().numTensors).toBe(before);
    expect(e.heatmap.length).toBe(28 * 84);
    expect(e.target).toBe(e.predicted);
    let sum = 0;
    for (const v of e.heatmap) sum += v;
    expect(sum).toBeCloseTo(e.conservation.sum, 5);
    // Replacing the model disposes the old weights: tensor count returns to what a new Deep holds.
    await client.call({ kind: 'initModel', preset: 'deep', task: 'maj', seed: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('loads a file pair; a corrupt pair is refused with the loader message and the model stays', async () => {
    const files = await shallowFiles();
    const ok = await client.call({ kind: 'loadModel', ...files, name: 'model.json' });
    expect([ok.name, ok.source, ok.parameters]).toEqual(['Shallow', 'file', 184330]);
    const tensors = tf.memory().numTensors;
    const cut = files.weights.slice(0, files.weights.length - 100);
    const err = (await client.call({ kind: 'loadModel', json: files.json, weights: cut, name: 'model.json' }).catch((e: unknown) => e)) as WorkerCallError;
    expect(err.code).toBe('failed');
    expect(err.message).toContain('truncated: 100 bytes missing');
    expect(tf.memory().numTensors).toBe(tensors);
    const e = await client.call({ kind: 'explain', ...ref, index: 1, method: 'sensitivity' });
    expect(e.heatmap.length).toBe(28 * 84); // still the Shallow model: explaining works
  });

  it('trains with progress, pauses, resumes and stops; the trained cell becomes current', async () => {
    const seen: number[] = [];
    const run = client.call(
      { kind: 'trainStart', preset: 'shallow', dataset: 'mnist', task: 'maj', limit: 60, epochs: 3, batchSize: 10, lr: 2e-4, seed: 3 },
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
    expect(done.model).toMatchObject({ name: 'Shallow', source: 'trained' });
    expect(Number.isFinite(done.loss)).toBe(true);
    expect((await client.call({ kind: 'trainStop' })).state).toBe('idle');
  });

  it('refuses an unknown preset with the list of valid ones', async () => {
    const err = (await client
      .call({ kind: 'trainStart', preset: 'deep-v3' as never, dataset: 'mnist', task: 'maj', limit: 10, epochs: 1, batchSize: 10, lr: 2e-4, seed: 1 })
      .catch((e: unknown) => e)) as WorkerCallError;
    expect(err.message).toMatch(/^unknown cell id "deep-v3"; valid ids: shallow, deep, /);
  });
});
