import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { cellFromPreset, initWeights, PRESET_IDS, type PresetId, type Weights } from '../cells';
import { corruptionCorpus } from './corruption-corpus';
import type { ModelMetrics, TrainingRecord } from './format';
import { ModelFormatError } from './model-format-error';
import { parseModel } from './parse-model';
import { serializeModel } from './serialize-model';
import { createVariables, readWeightValues } from './variables';

beforeAll(() => useBackend('cpu'));
const toDispose: Weights[] = [];
afterEach(() => tf.dispose(toDispose.splice(0)));

const training: TrainingRecord = {
  dataset: 'mnist', task: 'maj', T: 12, lr: 2e-4, batch: 50, epochs: 100, seed: 71, shuffle: 'fixed', limit: null, backend: 'cpu',
  optimizer: { name: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, loss: 'softmax-cross-entropy-11',
};
const metrics: ModelMetrics = {
  trainAccuracy: 0.99, valAccuracy: 0.98, testAccuracy: 0.981, trainN: 48000, valN: 12000, testN: 10000, epochsDone: 100,
  iterations: 96000, wallTimeSeconds: 4321.5, complete: true, history: [{ epoch: 1, loss: 0.5, trainAccuracy: 0.8, valAccuracy: null, seconds: 40 }],
};

async function savedModel(preset: PresetId, T = 12, width = 84) {
  const cell = cellFromPreset(preset, { T, width });
  const w = initWeights(cell, 7);
  toDispose.push(w);
  const values = await readWeightValues(cell, w);
  const tr = width === 84 ? { ...training, T } : { ...training, task: 'seq' as const, T };
  return { cell, values, ...serializeModel({ cell, preset, weights: values, training: tr, metrics, created: new Date('2025-01-02T03:04:05Z'), generatedBy: 'test' }) };
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('serializeModel / parseModel', () => {
  it('round-trips bit-exactly, −0 and subnormals included, through tf.Variables and back', async () => {
    const { cell, values } = await savedModel('deep');
    const first = cell.params[0].name;
    values[first][0] = -0;
    values[first][1] = 1.4e-45; // smallest float32 subnormal
    values[first][2] = -3.4028234663852886e38;
    const s = serializeModel({ cell, preset: 'deep', weights: values, training, metrics });
    const parsed = parseModel(s.modelJson, s.weightsBin);
    expect(Object.keys(parsed.weights)).toEqual(cell.params.map((p) => p.name));
    const vars = createVariables(parsed.cell, parsed.weights);
    toDispose.push(vars);
    const back = await readWeightValues(parsed.cell, vars);
    for (const p of cell.params) expect(bits(back[p.name])).toEqual(bits(values[p.name]));
    expect(Object.is(back[first][0], -0)).toBe(true);
    const again = serializeModel({ cell: parsed.cell, preset: 'deep', weights: back, training, metrics, created: new Date(parsed.meta.created) });
    expect(new Uint8Array(again.weightsBin)).toEqual(new Uint8Array(s.weightsBin));
    expect(again.modelJson).toBe(s.modelJson);
  });

  it('keeps the metadata and writes a TF.js-style manifest in the cell order', async () => {
    const { cell, modelJson, weightsBin } = await savedModel('r-lstm-sd');
    const j = JSON.parse(modelJson);
    expect(j.format).toBe('rrx-model');
    expect(j.version).toBe(1);
    expect(j.preset).toBe('r-lstm-sd');
    expect(j.cell).toEqual({ arch: 'r-lstm', dropout: 'stationary', T: 12, width: 84, bias: 'zero', keepProb: 0.8, lstmUnits: 72 });
    expect(j.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: cell.params.map((p) => ({ name: p.name, shape: p.shape, dtype: 'float32' })) }]);
    const total = cell.params.reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
    expect(weightsBin.byteLength).toBe(total * 4);
    const { meta } = parseModel(modelJson, weightsBin);
    expect(meta.training).toEqual(training);
    expect(meta.metrics).toEqual(metrics);
    expect(meta.created).toBe('2025-01-02T03:04:05.000Z');
  });

  it('loads every preset it saves (MAJ T = 12 and seq T = 7)', async () => {
    for (const id of PRESET_IDS) {
      for (const [T, width] of [[12, 84], [7, 28]]) {
        const { modelJson, weightsBin, cell } = await savedModel(id, T, width);
        const p = parseModel(modelJson, weightsBin);
        expect(p.cell.params.map((q) => q.shape)).toEqual(cell.params.map((q) => q.shape));
        expect(p.meta.preset).toBe(id);
      }
      tf.dispose(toDispose.splice(0));
    }
  });
});

describe('training.fold', () => {
  it('is kept through a save and a load, and a fold outside k is refused', async () => {
    const { cell, values } = await savedModel('deep');
    const withFold = (fold: unknown) => serializeModel({ cell, preset: 'deep', weights: values, training: { ...training, fold } as TrainingRecord, metrics });
    const ok = withFold({ index: 2, k: 3 });
    expect(parseModel(ok.modelJson, ok.weightsBin).meta.training?.fold).toEqual({ index: 2, k: 3 });
    for (const bad of [{ index: 3, k: 3 }, { index: 0, k: 1 }, { index: 0.5, k: 7 }, 'fold 2']) {
      const b = withFold(bad);
      expect(() => parseModel(b.modelJson, b.weightsBin)).toThrow('training.fold: must be {index, k} with k an integer in 2…255 and index in 0…k−1');
    }
  });
});

describe('corruptionCorpus', () => {
  it('has at least 10 cases, each rejected with its own code-and-message, for a deep MAJ model', async () => {
    const { modelJson, weightsBin } = await savedModel('deep');
    const cases = corruptionCorpus(modelJson, weightsBin);
    expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    const messages = new Set<string>();
    for (const c of cases) {
      let err: unknown;
      try {
        parseModel(c.modelJson, c.weightsBin);
      } catch (e) {
        err = e;
      }
      expect(err, c.name).toBeInstanceOf(ModelFormatError);
      const e = err as ModelFormatError;
      expect({ name: c.name, code: e.code }).toEqual({ name: c.name, code: c.code });
      expect(e.message, c.name).toContain(c.expect);
      messages.add(e.message);
    }
    expect(messages.size).toBe(cases.length);
  });

  it('names the weight and both shapes for a shape mismatch, and the byte counts for a truncated file', async () => {
    const { modelJson, weightsBin } = await savedModel('deep');
    const byName = Object.fromEntries(corruptionCorpus(modelJson, weightsBin).map((c) => [c.name, c]));
    const msg = (name: string) => {
      try {
        parseModel(byName[name].modelJson, byName[name].weightsBin);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(msg('wrong-shape')).toBe(
      'model.json: weightsManifest[0].weights[8]: weight "output_2/W" has shape [10,32] but the deep cell (T = 12, width 84, c = 7) expects [32,10]',
    );
    expect(msg('wrong-T-for-weights')).toContain('weight "input_1/W" has shape [196,256] but the deep cell (T = 1, width 84, c = 84) expects [2352,256]');
    expect(msg('truncated-weights')).toBe(`weights.bin: has ${weightsBin.byteLength - 100} bytes but the manifest's 10 float32 weights need ${weightsBin.byteLength} bytes (truncated: 100 bytes missing)`);
    expect(msg('nan-value')).toBe('weights.bin: weight "input_1/W": value NaN at flat index 7 (element [0, 7], byte offset 28); all weights must be finite');
    expect(msg('unknown-version')).toContain('version 2 is not supported; this program reads rrx-model version 1 (the file was written by a newer program)');
  });

  it('rejects every case for every preset', async () => {
    for (const id of PRESET_IDS) {
      const { modelJson, weightsBin } = await savedModel(id);
      for (const c of corruptionCorpus(modelJson, weightsBin)) {
        expect(() => parseModel(c.modelJson, c.weightsBin), `${id} ${c.name}`).toThrow(c.expect);
      }
      tf.dispose(toDispose.splice(0));
    }
  });
});
