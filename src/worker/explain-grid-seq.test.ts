/**
 * The worker's grid on the sequence task (Experiment 1: one 28 × 28 image read as T column strips) and
 * the relevance through time it reports (GridCell.state, GridCell.literal), over a MessageChannel as
 * in the page, on the real core and data, wasm backend. No browser, no worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import * as tf from '../core/tf';
import { useBackend } from '../../test/tf-backend';
import { nodeReader } from '../node/data';
import { relevanceFlow } from '../core/metrics/relevanceFlow';
import { ProtocolClient } from '../protocol/client';
import { WorkerCallError } from '../protocol/errors';
import { PROTOCOL_VERSION } from '../protocol/messages';
import type { PortLike } from '../protocol/port';
import { serve } from '../protocol/server';
import { createHandlers } from './handlers';

const { port1, port2 } = new MessageChannel();
let client: ProtocolClient;
const seq = { dataset: 'mnist', task: 'seq', split: 'test' } as const;
const FIVE = ['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta:a1.5b0.5'];

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
});
afterAll(() => {
  port1.close();
  port2.close();
});

describe('worker: the sequence task in the grid', () => {
  it('serves test images of the sequence task: one 28 × 28 block, no mask', async () => {
    const info = await client.call({ kind: 'loadData', ...seq });
    expect([info.width, info.n]).toEqual([28, 10000]);
    const s = await client.call({ kind: 'getSample', ...seq, index: 3 });
    expect([s.width, s.pixels.length, s.blocks.length, s.mask]).toEqual([28, 784, 1, null]);
    expect(s.blocks[0].label).toBe(s.label);
  });

  for (const T of [1, 4, 7]) {
    it(`explains one image on Shallow and Deep at T = ${T}: 28 × 28 heatmaps, ${T} steps, the state relevance of the LRP methods`, async () => {
      const s = await client.call({ kind: 'getSample', ...seq, index: 3 });
      for (const preset of ['shallow', 'deep'] as const) {
        const slot = `${preset}-${T}`;
        const m = await client.call({ kind: 'initModel', slot, preset, task: 'seq', seed: 1, T });
        expect([m.width, m.T]).toEqual([28, T]);
        const req = { kind: 'explainGrid', slot, pixels: s.pixels, label: s.label, mask: null, methods: FIVE, version: 1 } as const;
        await client.call({ ...req, pixels: s.pixels.slice() }); // warm-up: the model's weights are prepared once and kept
        const before = tf.memory().numTensors;
        const g = await client.call(req);
        expect(tf.memory().numTensors).toBe(before);
        expect([g.width, g.T, g.target]).toEqual([28, T, s.label]);
        for (const c of g.cells) {
          expect(c.heatmap).toHaveLength(784);
          expect(c.perStep).toHaveLength(T);
          expect(c.cosine).toBeNull();
          expect(c.literal).toBeNull(); // no literal connections in Shallow or Deep
          const lrp = c.method === 'deep-taylor' || c.method.startsWith('lrp-');
          if (!lrp) {
            expect(c.state, c.method).toBeNull();
            continue;
          }
          expect(c.state).toHaveLength(T);
          // What the head hands to the last step, and the steps' pixel relevance adding up to the state before it.
          const flow = relevanceFlow(c.perStep, c.state!, c.literal, c.conservation.target);
          const tol = 1e-4 * Math.max(1, c.conservation.target);
          expect(flow.steps.reduce((a, f) => a + f.kept, 0)).toBeCloseTo(c.conservation.sum, 4);
          if (c.method === 'deep-taylor') for (const f of flow.steps) expect(Math.abs(f.lost), `${slot} step ${f.step}`).toBeLessThan(tol);
        }
        await client.call({ kind: 'removeModel', slot });
      }
    });
  }

  it("refuses a MAJ sequence for a sequence-task model, naming the widths", async () => {
    await client.call({ kind: 'initModel', slot: 's4', preset: 'shallow', task: 'seq', seed: 1, T: 4 });
    const maj = await client.call({ kind: 'getSample', dataset: 'mnist', task: 'maj', split: 'test', index: 0 });
    const err = (await client.call({ kind: 'explainGrid', slot: 's4', pixels: maj.pixels, label: maj.label, mask: maj.mask, methods: ['deep-taylor'], version: 1 }).catch((e: unknown) => e)) as WorkerCallError;
    expect(err).toBeInstanceOf(WorkerCallError);
    expect(err.message).toBe('the model reads 28 × 28 images; got 2352 pixels (28 × 84)');
  });

  it('reports what a Conv⁺ cell passes back through its literal connections', async () => {
    await client.call({ kind: 'initModel', slot: 'cp', preset: 'conv-plus-deep', task: 'maj', seed: 2 });
    const s = await client.call({ kind: 'getSample', dataset: 'mnist', task: 'maj', split: 'test', index: 4 });
    const g = await client.call({ kind: 'explainGrid', slot: 'cp', pixels: s.pixels, label: null, mask: null, methods: ['sensitivity', 'deep-taylor'], version: 1 });
    expect(g.cells[0].literal).toBeNull();
    const dt = g.cells[1];
    expect(dt.literal).toHaveLength(12);
    expect(dt.literal![11]).toBe(0);
    expect(dt.literal!.some((v) => v !== 0)).toBe(true);
    // The literal part is a part of what passes back: never more than the state relevance in size here.
    for (let t = 0; t < 11; t++) expect(Math.abs(dt.literal![t])).toBeLessThanOrEqual(Math.abs(dt.state![t]) + 1e-6);
  });
});
