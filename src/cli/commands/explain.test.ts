/** rrx explain / rrx eval on a model directory written here (seeded Deep weights, MNIST MAJ, cpu backend). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../core/tf';
import { cellFromPreset, initWeights } from '../../core/cells';
import { readWeightValues } from '../../core/model-io/variables';
import { serializeModel } from '../../core/model-io/serialize-model';
import { saveModelDir } from '../../node/model-files';
import { useNodeBackend } from '../../node/tf-backend';
import { loadSequenceSet } from '../../node/data';
import { explain } from '../../core/explain/explain';
import { heatmapRGB } from '../../core/explain/colormap';
import { command as explainCommand, methodFromArgs } from './explain';
import { command as evalCommand } from './eval';
import { runCommand } from '../../../test/run-command';



let dir: string;
beforeAll(async () => {
  await useNodeBackend('cpu');
  dir = mkdtempSync(path.join(tmpdir(), 'rrx-explain-'));
  const cell = cellFromPreset('deep', { T: 12, width: 84 });
  const w = initWeights(cell, 5);
  const weights = await readWeightValues(cell, w);
  tf.dispose(Object.values(w));
  await saveModelDir(dir, serializeModel({ cell, preset: 'deep', weights, training: null, metrics: null }));
});

describe('rrx explain', () => {
  let first: Record<string, any>;
  beforeAll(async () => {
    first = JSON.parse((await runCommand(explainCommand, ['--model', dir, '--dataset', 'mnist', '--method', 'deep-taylor', '--predicted', '--json', '--backend', 'cpu'])).out);
  });

  it('--json prints the documented fields; the relevance conserves relu(y_c) and equals explain()', async () => {
    const r = first;
    expect(Object.keys(r)).toEqual([
      'model', 'preset', 'dataset', 'task', 'split', 'fold', 'index', 'T', 'width', 'method', 'label', 'target', 'predicted', 'mask',
      'logits', 'relevance', 'perStep', 'state', 'blockShares', 'cosine', 'majorityShare', 'adjustedMajorityShare', 'conservation', 'backend',
    ]);
    expect([r.preset, r.dataset, r.task, r.split, r.fold, r.index, r.T, r.width, r.label, r.backend]).toEqual(['deep', 'mnist', 'maj', 'test', null, 0, 12, 84, 7, 'cpu']);
    expect(r.method).toEqual({ id: 'deep-taylor', label: 'Deep Taylor decomposition', params: { pixelRule: 'z-beta', literal: 'conservative', stabilizer: 1e-9, lstmStabilizer: 1e-10 } });
    expect(r.target).toBe(r.predicted);
    expect(r.relevance).toHaveLength(28);
    expect(r.relevance[0]).toHaveLength(84);
    expect(r.perStep).toHaveLength(12);
    const yc = r.logits[r.target];
    expect(yc).toBeGreaterThan(0); // the prediction of a random net has the largest logit, positive here
    expect(r.conservation.logit).toBeCloseTo(yc, 5);
    expect(Math.abs(r.conservation.sum - yc)).toBeLessThan(1e-4 * Math.max(1, yc));
    expect(r.mask.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    expect(r.cosine).toBeGreaterThanOrEqual(0);
    // Same numbers as the core call on the same sequence.
    const set = await loadSequenceSet({ dataset: 'mnist', task: 'maj', split: 'test' });
    const { loadModel } = await import('./explain');
    const m = await loadModel(dir);
    try {
      const core = await explain(m.cell, m.weights, set.batch([0]), { method: 'deep-taylor', target: [r.target] });
      expect(r.relevance[14][40]).toBeCloseTo(core.sequences[0].heatmap[14 * 84 + 40], 7);
      expect(r.blockShares).toEqual(core.sequences[0].blockShares);
    } finally {
      m.dispose();
    }
  });

  it('--class explains another class: relevance moves, the true class stays the label', async () => {
    const other = (first.target + 1) % 10;
    const r = JSON.parse((await runCommand(explainCommand, ['--model', dir, '--dataset', 'mnist', '--method', 'lrp-alpha-beta:a2b1', '--class', String(other), '--json', '--backend', 'cpu'])).out);
    expect([r.target, r.label, r.method.label]).toEqual([other, 7, 'LRP-α2β1']);
    expect(r.conservation.target).toBe(Math.max(0, r.conservation.logit));
    const a = (r.relevance as number[][]).flat();
    const b = (first.relevance as number[][]).flat();
    const moved = a.reduce((s, v, k) => s + Math.abs(v - b[k]), 0);
    if (r.conservation.target > 0) expect(moved).toBeGreaterThan(1e-3 * r.conservation.target);
    else expect(a.every((v) => v === 0)).toBe(true);
  });

  it('--png draws the input above the heatmap in the thesis colours', async () => {
    const file = path.join(dir, 'e.png');
    const { out } = await runCommand(explainCommand, ['--model', dir, '--dataset', 'mnist', '--method', 'deep-taylor', '--predicted', '--png', file, '--scale', '2', '--backend', 'cpu']);
    expect(out).toContain('wrote');
    const png = PNG.sync.read(readFileSync(file));
    expect([png.width, png.height]).toEqual([168, 114]);
    const px = (x: number, y: number) => Array.from(png.data.subarray((y * 168 + x) * 4, (y * 168 + x) * 4 + 3));
    // The pixel of largest |R| is the darkest red; the input's background (x = −1) is black.
    const flat = first.relevance.flat() as number[];
    const k = flat.reduce((best, v, i) => (Math.abs(v) > Math.abs(flat[best]) ? i : best), 0);
    const [row, col] = [Math.floor(k / 84), k % 84];
    const want = heatmapRGB(flat[k] / (Math.abs(flat[k]) + 1e-10)).map((v) => Math.round(v * 255));
    expect(px(col * 2, (29 + row) * 2)).toEqual(want);
    expect(px(0, 0)).toEqual([0, 0, 0]);
    expect(px(0, 28 * 2)).toEqual([255, 255, 255]);
  });

  it('text output; usage errors', async () => {
    const { out } = await runCommand(explainCommand, ['--model', dir, '--dataset', 'mnist', '--method', 'sensitivity', '--index', '3', '--backend', 'cpu']);
    expect(out).toMatch(/^Sensitivity analysis on mnist maj test #3/);
    expect(out).toContain('state       n/a (gradient method)');
    await expect(explainCommand.run(['--model', dir, '--method', 'deep-taylor', '--backend', 'cpu'])).rejects.toThrow('the model has no training record: pass --dataset');
    expect(() => methodFromArgs({ method: 'lrp-alpha-beta', alpha: '2', beta: '0.5' })).toThrow('α − β = 1');
    expect(() => methodFromArgs({ method: 'nope' })).toThrow('valid ids: sensitivity');
    expect(methodFromArgs({ method: 'lrp-alpha-beta', alpha: '3' }).label).toBe('LRP-α3β2');
    expect(methodFromArgs({ method: 'lrp-alpha-beta', param: ['conservative=false', 'literal=thesis-code'] }).params).toMatchObject({ conservative: false, literal: 'thesis-code' });
    expect(() => methodFromArgs({ method: 'deep-taylor', param: ['pixelRule'] })).toThrow('--param must be name=value');
  });
});

describe('rrx eval', () => {
  it('--json: accuracy and per method the mask metrics with CIs and the worst conservation error, over all and correct', async () => {
    const { out } = await runCommand(evalCommand, ['--model', dir, '--dataset', 'mnist', '--n', '12', '--batch', '5', '--methods', 'thesis', '--json', '--backend', 'cpu']);
    const r = JSON.parse(out);
    expect([r.n, r.batch, r.task, r.backend]).toEqual([12, 5, 'maj', 'cpu']);
    expect(r.accuracy).toBe(r.correct / 12);
    expect(r.methods.map((m: { label: string }) => m.label)).toEqual(['Sensitivity analysis', 'Guided backprop', 'Deep Taylor decomposition', 'LRP-α1.5β0.5']);
    for (const m of r.methods) {
      expect(m.all.n).toBe(12);
      expect(m.correct.n).toBe(r.correct);
      expect(m.all.cosine.n).toBe(12);
      expect(m.all.cosine.mean).toBeGreaterThanOrEqual(0);
      expect(m.all.cosine.mean).toBeLessThanOrEqual(1);
      expect(m.all.cosine.lo).toBeLessThanOrEqual(m.all.cosine.mean);
      expect(m.all.adjustedMajorityShare.mean).toBeLessThanOrEqual(m.all.majorityShare.mean + 1e-12);
    }
    // The LRP methods conserve; sensitivity does not (its sum is ‖∇y_c‖²).
    expect(r.methods[2].all.conservation.maxRelativeError).toBeLessThan(1e-4);
    expect(r.methods[3].all.conservation.maxRelativeError).toBeLessThan(1e-4);
    const text = (await runCommand(evalCommand, ['--model', dir, '--dataset', 'mnist', '--n', '4', '--methods', 'deep-taylor', '--backend', 'cpu'])).out;
    expect(text).toMatch(/^deep on mnist maj test: accuracy/);
    await expect(evalCommand.run(['--model', dir, '--methods', 'x'])).rejects.toMatchObject({ name: 'UsageError' });
  });

  it('--aopc and --randomisation: region perturbation against a random order, and correlations per randomisation stage', async () => {
    const args = ['--model', dir, '--dataset', 'mnist', '--n', '6', '--methods', 'sensitivity,deep-taylor', '--json', '--backend', 'cpu', '--threads', '1'];
    const r = JSON.parse((await runCommand(evalCommand, [...args, '--aopc', '4', '--aopc-steps', '5', '--aopc-fill', 'noise', '--randomisation', '3'])).out);
    const a = r.faithfulness.aopc;
    expect([a.n, a.steps, a.patch, a.fill]).toEqual([4, 5, 4, 'noise']);
    expect(a.methods.map((m: { id: string }) => m.id)).toEqual(['sensitivity', 'deep-taylor']);
    for (const m of [...a.methods.map((q: { morf: unknown }) => q.morf), a.random]) {
      expect(m.n).toBe(4);
      expect(Number.isFinite(m.mean)).toBe(true);
      expect(m.lo).toBeLessThanOrEqual(m.mean);
    }
    const q = r.faithfulness.randomisation;
    expect(q.n).toBe(3);
    expect(q.layers).toEqual(['output_2', 'output_1', 'recurrent', 'input_to_cell', 'input_1']);
    for (const m of q.methods) {
      expect(m.spearman).toHaveLength(5);
      expect(m.ssim).toHaveLength(5);
      for (const st of [...m.spearman, ...m.ssim]) expect(Math.abs(st.mean)).toBeLessThanOrEqual(1);
    }
    // Without the options the report has no faithfulness block; bad values are usage errors.
    expect(JSON.parse((await runCommand(evalCommand, args)).out).faithfulness).toBeUndefined();
    await expect(evalCommand.run([...args, '--aopc', '4', '--aopc-patch', '5'])).rejects.toThrow('--aopc-patch 5 must divide 28');
    await expect(evalCommand.run([...args, '--aopc', '4', '--aopc-fill', 'zero'])).rejects.toThrow('--aopc-fill must be one of background, noise');
    const text = (await runCommand(evalCommand, [...args.filter((x) => x !== '--json'), '--aopc', '2', '--aopc-steps', '3', '--randomisation', '2'])).out;
    expect(text).toContain('Region perturbation on 2 sequences: AOPC over 3 patches of 4 × 4 (background)');
    expect(text).toContain('Cascading randomisation on 2 sequences');
  });

  it('--threads 2 (worker threads) gives the figures of --threads 1 (in process)', async () => {
    const args = ['--model', dir, '--dataset', 'mnist', '--n', '14', '--batch', '7', '--methods', 'thesis', '--json', '--backend', 'cpu'];
    const one = JSON.parse((await runCommand(evalCommand, [...args, '--threads', '1'])).out);
    const two = JSON.parse((await runCommand(evalCommand, [...args, '--threads', '2'])).out);
    expect([two.n, two.correct]).toEqual([one.n, one.correct]);
    two.methods.forEach((m: any, k: number) => {
      expect(m.label).toBe(one.methods[k].label);
      for (const key of ['cosine', 'majorityShare']) expect(m.all[key].mean).toBeCloseTo(one.methods[k].all[key].mean, 6);
    });
  }, 60_000);
});
