import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../core/tf';
import { useBackend } from '../../test/tf-backend';
import { fakeCell, fakeSource, fakeWeights, snapshot } from '../../test/train-fakes';
import { serializeCheckpoint } from '../core/model-io/checkpoint';
import { ModelFormatError } from '../core/model-io/model-format-error';
import { parseModelWith } from '../core/model-io/parse-model';
import { serializeModel } from '../core/model-io/serialize-model';
import { readWeightValues } from '../core/model-io/variables';
import { createAdam } from '../core/train/adam';
import { exportAdamState } from '../core/train/optimizer-state';
import { train } from '../core/train/train';
import { cellFromPreset, initWeights } from '../core/cells';
import { ensureWritableDir, hasCheckpoint, loadCheckpointDir, loadModelDir, saveModelDir, saveTrainingState } from './model-files';

let tmp = '';
beforeAll(async () => {
  await useBackend('cpu');
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rrx-model-files-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('saveModelDir / loadModelDir', () => {
  it('writes model.json and weights.bin (no temporary files left) and reads them back bit-exactly', async () => {
    const cell = cellFromPreset('r-lstm', { T: 12, width: 84 });
    const w = initWeights(cell, 5);
    const values = await readWeightValues(cell, w);
    tf.dispose(w);
    const dir = path.join(tmp, 'a', 'nested');
    await saveModelDir(dir, serializeModel({ cell, preset: 'r-lstm', weights: values, training: null, metrics: null }));
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const back = await loadModelDir(dir);
    expect(back.meta.preset).toBe('r-lstm');
    for (const p of cell.params) expect(Buffer.from(back.weights[p.name].buffer).equals(Buffer.from(values[p.name].buffer))).toBe(true);
  });

  it('names the directory and the file in its errors', async () => {
    const cell = cellFromPreset('deep', { T: 12, width: 84 });
    const w = initWeights(cell, 5);
    const values = await readWeightValues(cell, w);
    tf.dispose(w);
    const dir = path.join(tmp, 'broken');
    await saveModelDir(dir, serializeModel({ cell, preset: 'deep', weights: values, training: null, metrics: null }));
    const bin = await readFile(path.join(dir, 'weights.bin'));
    await writeFile(path.join(dir, 'weights.bin'), bin.subarray(0, bin.length - 4));
    const err = await loadModelDir(dir).catch((e) => e);
    expect(err).toBeInstanceOf(ModelFormatError);
    expect(err.message).toBe(`${dir}/weights.bin: has ${bin.length - 4} bytes but the manifest's 10 float32 weights need ${bin.length} bytes (truncated: 4 bytes missing)`);
    await expect(loadModelDir(path.join(tmp, 'nothing-here'))).rejects.toThrow(`${path.join(tmp, 'nothing-here', 'model.json')} does not exist`);
  });

  it('refuses an output directory that cannot be written', async () => {
    const file = path.join(tmp, 'a-file');
    await writeFile(file, 'x');
    await expect(ensureWritableDir(path.join(file, 'sub'))).rejects.toThrow(`cannot write to the output directory ${path.join(file, 'sub')}: a file is in the way`);
  });
});

describe('training checkpoints', () => {
  it('save the Adam state and position with the model, and load them back for the same cell', async () => {
    const cell = fakeCell();
    const w = fakeWeights(cell);
    const opt = createAdam({ lr: 1e-2 });
    const ac = new AbortController();
    const res = await train({ cell, weights: w, train: fakeSource(30), config: { epochs: 2, batchSize: 10, lr: 1e-2, seed: 1, shuffle: 'fixed' }, optimizer: opt, signal: ac.signal, readEvery: 1, onProgress: (p) => p.epoch === 2 && p.batch === 1 && ac.abort() });
    expect(res.position).toEqual({ epoch: 1, batch: 1 });
    const state = await exportAdamState(opt, cell);
    const dir = path.join(tmp, 'ckpt');
    const values = await readWeightValues(cell, w);
    const model = serializeModel({ cell, preset: 'deep', weights: values, training: null, metrics: null });
    const ck = serializeCheckpoint({ position: res.position, optimizer: { name: 'adam', lr: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, state, wallTimeSeconds: 1.5, history: [] });
    await saveTrainingState(dir, model, ck);
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.json', 'model.json', 'optimizer.bin', 'weights.bin']);
    expect(await hasCheckpoint(dir)).toBe(true);
    const back = await loadCheckpointDir(dir, cell);
    expect(back.position).toEqual({ epoch: 1, batch: 1 });
    expect(back.state.iterations).toBe(4);
    expect(back.state.slots.map((s) => s.name)).toEqual(['input_1/W/m', 'recurrent/W/m', 'output/W/m', 'output/b/m', 'input_1/W/v', 'recurrent/W/v', 'output/W/v', 'output/b/v']);
    state.slots.forEach((s, i) => expect(Array.from(back.state.slots[i].values)).toEqual(Array.from(s.values)));
    const parsed = parseModelWith(() => cell, await readFile(path.join(dir, 'model.json'), 'utf8'), new Uint8Array(await readFile(path.join(dir, 'weights.bin'))).slice().buffer);
    const snap = await snapshot(w);
    for (const k of Object.keys(snap)) expect(Array.from(new Uint32Array(parsed.weights[k].buffer))).toEqual(Array.from(snap[k]));
    // a checkpoint made for another cell is refused, naming the slot
    await expect(loadCheckpointDir(dir, fakeCell({ arch: 'r-lstm' }))).rejects.toThrow('expected {"name":"gate/W/m"');
    tf.dispose(w);
    opt.dispose();
  });
});
