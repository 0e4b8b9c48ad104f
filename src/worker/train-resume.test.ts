/**
 * Checkpoints of a training run in the worker (Node, wasm, the prepared MNIST data, over a
 * MessageChannel as in the page): after every epoch but the last the worker sends the CLI's four
 * checkpoint files; a run resumed from them ends with the same weights as the uninterrupted run,
 * its time goes on from the checkpoint's, and a checkpoint of another run is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import * as tf from '../core/tf';
import { useBackend } from '../../test/tf-backend';
import { nodeReader } from '../node/data';
import { cellFromPreset } from '../core/cells';
import { adamSlotSpecs } from '../core/train/optimizer-state';
import { ProtocolClient } from '../protocol/client';
import { WorkerCallError } from '../protocol/errors';
import { PROTOCOL_VERSION, type TrainCheckpointFiles, type TrainProgressMsg, type TrainRequest } from '../protocol/messages';
import type { PortLike } from '../protocol/port';
import { serve } from '../protocol/server';
import { createHandlers } from './handlers';

const { port1, port2 } = new MessageChannel();
let client: ProtocolClient;

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

const base: Omit<TrainRequest, 'slot'> = { preset: 'shallow', dataset: 'mnist', task: 'maj', limit: 40, epochs: 3, batchSize: 20, lr: 1e-3, seed: 4 };

async function train(slot: string, extra: Partial<TrainRequest> = {}) {
  const progress: TrainProgressMsg[] = [];
  const done = await client.call({ kind: 'trainStart', slot, ...base, ...extra }, { onProgress: (p) => progress.push(p) });
  const files = await client.call({ kind: 'saveModel', slot });
  return { done, progress, weights: files.weights, json: JSON.parse(new TextDecoder().decode(files.json)) };
}

const copy = (f: TrainCheckpointFiles): TrainCheckpointFiles => ({ json: f.json.slice(), weights: f.weights.slice(), checkpoint: f.checkpoint.slice(), optimizer: f.optimizer.slice() });

describe('training checkpoints in the worker', () => {
  it('sends a checkpoint after each epoch but the last; resuming from one ends as the uninterrupted run', async () => {
    const full = await train('full');
    const cks = full.progress.filter((p) => p.checkpoint).map((p) => p.checkpoint!);
    expect(cks.map((c) => c.epoch)).toEqual([1, 2]);
    const ck1 = cks[0];
    const ckJson = JSON.parse(new TextDecoder().decode(ck1.checkpoint));
    expect(ckJson).toMatchObject({ format: 'rrx-checkpoint', version: 1, position: { epoch: 1, batch: 0 }, iterations: 2, optimizer: { name: 'adam', lr: 1e-3 } });
    const modelJson = JSON.parse(new TextDecoder().decode(ck1.json));
    expect(modelJson.metrics).toMatchObject({ complete: false, epochsDone: 1, iterations: 2, trainN: 40 });
    expect(modelJson.metrics.history).toHaveLength(1);
    // Adam's m and v of every trainable weight of the cell, float32.
    const slots = adamSlotSpecs(cellFromPreset('shallow', { T: 12, width: 84 }));
    expect(ck1.optimizer.byteLength).toBe(slots.reduce((a, s) => a + 4 * s.shape.reduce((x, y) => x * y, 1), 0));

    const resumed = await train('resumed', { resume: copy(ck1) });
    expect(resumed.done.iterations).toBe(6);
    expect(resumed.progress[0].iteration).toBeGreaterThan(2); // steps 1–2 are not run again
    expect(resumed.progress[0].elapsedSeconds).toBeGreaterThanOrEqual(ckJson.wallTimeSeconds);
    expect(resumed.progress.filter((p) => p.checkpoint).map((p) => p.checkpoint!.epoch)).toEqual([2]);
    expect(resumed.json.metrics).toMatchObject({ complete: true, epochsDone: 3, iterations: 6 });
    expect(resumed.json.metrics.history.map((h: { epoch: number }) => h.epoch)).toEqual([1, 2, 3]);
    expect(Buffer.from(resumed.weights).equals(Buffer.from(full.weights))).toBe(true);
  });

  it('refuses a checkpoint of another run: other cell, other batch count, a run already done', async () => {
    const full = await train('src', { epochs: 2 });
    const ck = full.progress.find((p) => p.checkpoint)!.checkpoint!;
    const refused = async (extra: Partial<TrainRequest>) => {
      const err = (await client.call({ kind: 'trainStart', slot: 'x', ...base, ...extra }).catch((e: unknown) => e)) as WorkerCallError;
      expect(err).toBeInstanceOf(WorkerCallError);
      return err.message;
    };
    expect(await refused({ preset: 'deep', resume: copy(ck) })).toBe('the checkpoint holds a shallow cell, the run trains deep');
    expect(await refused({ batchSize: 10, resume: copy(ck) })).toBe("the checkpoint's 2 steps do not match its position (epoch 1, batch 0) at 4 batches per epoch");
    expect(await refused({ epochs: 1, resume: copy(ck) })).toBe('the checkpoint is at epoch 1: the run of 1 epoch(s) is done');
    const bad = copy(ck);
    bad.optimizer = bad.optimizer.subarray(4);
    expect(await refused({ resume: bad })).toMatch(/^optimizer\.bin: has \d+ bytes; the checkpoint's manifest needs \d+$/);
  });
});
