import { describe, expect, it } from 'vitest';
import { jobIndexFrom, jobState, jobTargets, makePlan, parseJobList, validatePlan, zooRecipe, type JobFiles } from './plan';
import { accuracyBar, THESIS_ACCURACY, ZOO_CELLS } from './thesis';
import { THESIS_CELLS } from '../cells/presets';

const files = (model: JobFiles['model'], evalIterations: number | null = null, lockedBy: string | null = null): JobFiles => ({ model, evalIterations, lockedBy });
const metrics = (epochsDone: number, complete: boolean, iterations = 960 * epochsDone) => ({ epochsDone, iterations, complete, valAccuracy: 0.9, testAccuracy: complete ? 0.9 : null, wallTimeSeconds: 60 });

describe('the zoo plan', () => {
  it('lists the ten thesis cells × MNIST-MAJ and FashionMNIST-MAJ as jobs 0–19, datasets outer, T = 12', () => {
    const plan = makePlan({ tasks: ['maj'] });
    expect(plan.jobs).toHaveLength(20);
    expect(makePlan().jobs.slice(0, 20)).toEqual(plan.jobs); // the full plan keeps these indices
    expect(plan.jobs.map((j) => j.index)).toEqual([...Array(20).keys()]);
    expect(plan.jobs.slice(0, 10).map((j) => j.cell)).toEqual([...ZOO_CELLS]);
    expect(plan.jobs[0].id).toBe('shallow-mnist-maj');
    expect(plan.jobs[19].id).toBe('conv-plus-r-lstm-sd-fashion-maj');
    expect(new Set(plan.jobs.map((j) => j.id)).size).toBe(20);
    expect(plan.jobs.every((j) => j.task === 'maj' && j.T === 12)).toBe(true);
    expect(plan.methods).toEqual(['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta']);
    expect(plan.evalN).toBeNull();
    expect(validatePlan(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
  });

  it('adds Experiment 1 as jobs 20–31: Shallow and Deep, T = 1, 4, 7, on both datasets', () => {
    const seq = makePlan().jobs.slice(20);
    expect(seq.map((j) => j.id)).toEqual([
      'shallow-mnist-seq1', 'shallow-mnist-seq4', 'shallow-mnist-seq7', 'deep-mnist-seq1', 'deep-mnist-seq4', 'deep-mnist-seq7',
      'shallow-fashion-seq1', 'shallow-fashion-seq4', 'shallow-fashion-seq7', 'deep-fashion-seq1', 'deep-fashion-seq4', 'deep-fashion-seq7',
    ]);
    expect(seq.every((j) => j.task === 'seq' && j.recipe.epochs === 20)).toBe(true);
    expect(jobTargets(seq[5])).toEqual({ bar: 0.98, thesis: 0.9868 });
    expect(jobTargets(seq[6]).bar).toBe(0.85);
    expect(() => makePlan({ tasks: ['seq'], cells: ['r-lstm'] })).toThrow('Experiment 1 has only the cells shallow and deep');
    const bad = JSON.parse(JSON.stringify(makePlan({ tasks: ['seq'], cells: ['deep'], datasets: ['mnist'] })));
    bad.jobs[0].T = 5;
    expect(() => validatePlan(bad)).toThrow('a zoo job is task maj with T = 12, or task seq with T = 1, 4, 7');
  });

  it('gives each cost class its recipe: 30 / 15 / 10 epochs, lr 1e-3 stepped down twice, a new order per epoch', () => {
    expect(zooRecipe('shallow')).toEqual({ epochs: 30, lr: 1e-3, lrSchedule: [{ fromEpoch: 16, lr: 3e-4 }, { fromEpoch: 25, lr: 1e-4 }], batch: 50, seed: 71, shuffle: 'epoch', limit: null });
    // The Deep family keeps the thesis's recipe on MAJ (the fast one left Deep under the bar), not on seq.
    for (const c of ['deep', 'deep-sd', 'deep-v2'] as const) expect(zooRecipe(c)).toEqual({ epochs: 100, lr: 2e-4, lrSchedule: [], batch: 50, seed: 71, shuffle: 'epoch', limit: null });
    expect(zooRecipe('deep', 'seq').epochs).toBe(20);
    expect(zooRecipe('r-lstm-sd').epochs).toBe(30);
    expect(zooRecipe('conv-r-lstm-sd').epochs).toBe(15);
    expect(zooRecipe('conv-plus-deep').epochs).toBe(10);
    expect(zooRecipe('conv-plus-r-lstm-sd').lrSchedule).toEqual([{ fromEpoch: 6, lr: 3e-4 }, { fromEpoch: 9, lr: 1e-4 }]);
  });

  it('makes small plans: chosen cells and datasets, fewer epochs (schedule steps beyond them dropped), a limit', () => {
    const plan = makePlan({ tasks: ['maj'], cells: ['shallow', 'deep'], datasets: ['mnist'], epochs: 20, limit: 300, evalN: 40 });
    expect(plan.jobs.map((j) => j.id)).toEqual(['shallow-mnist-maj', 'deep-mnist-maj']);
    expect(plan.jobs[0].recipe).toMatchObject({ epochs: 20, limit: 300, lrSchedule: [{ fromEpoch: 16, lr: 3e-4 }] });
    expect(plan.jobs[1].recipe).toMatchObject({ epochs: 20, limit: 300, lrSchedule: [] });
    expect(plan.evalN).toBe(40);
  });

  it('rejects broken plan files with the first problem named', () => {
    const good = JSON.parse(JSON.stringify(makePlan({ tasks: ['maj'], cells: ['deep'], datasets: ['mnist'] })));
    const bad = (patch: (p: any) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const p = JSON.parse(JSON.stringify(good));
      patch(p);
      return () => validatePlan(p, 'p.json');
    };
    expect(bad((p) => (p.format = 'x'))).toThrow('p.json: format must be "rrx-zoo-plan"');
    expect(bad((p) => (p.jobs[0].index = 3))).toThrow('jobs[0].index is 3, expected 0');
    expect(bad((p) => (p.jobs[0].cell = 'lstm'))).toThrow('jobs[0].cell "lstm" is not one of');
    expect(bad((p) => (p.jobs[0].recipe.lr = -1))).toThrow('jobs[0].recipe.lr must be in (0, 10]');
    expect(bad((p) => (p.jobs[0].recipe.epochs = 0))).toThrow('jobs[0].recipe.epochs must be an integer');
    expect(bad((p) => (p.jobs[0].recipe.lrSchedule = [{ fromEpoch: 5, lr: 1e-4 }, { fromEpoch: 3, lr: 1e-5 }]))).toThrow('epochs must increase');
    expect(bad((p) => (p.jobs[0].recipe.shuffle = 'bogus'))).toThrow('shuffle must be fixed or epoch');
    expect(bad((p) => p.jobs.push({ ...p.jobs[0], index: 1 }))).toThrow('jobs[1].id "deep-mnist-maj" appears twice');
    expect(bad((p) => (p.evalN = 0))).toThrow('evalN must be a positive integer or null');
  });

  it('takes the job index from --job, else from the batch engine variables, else runs everything', () => {
    expect(jobIndexFrom('3', { JOB_COMPLETION_INDEX: '5' }, 20)).toEqual({ index: 3, source: '--job' });
    expect(jobIndexFrom(undefined, { JOB_COMPLETION_INDEX: '5' }, 20)).toEqual({ index: 5, source: 'JOB_COMPLETION_INDEX' });
    expect(jobIndexFrom(undefined, { SLURM_ARRAY_TASK_ID: '19' }, 20)).toEqual({ index: 19, source: 'SLURM_ARRAY_TASK_ID' });
    expect(jobIndexFrom(undefined, { AWS_BATCH_JOB_ARRAY_INDEX: '0' }, 20)).toEqual({ index: 0, source: 'AWS_BATCH_JOB_ARRAY_INDEX' });
    expect(jobIndexFrom(undefined, {}, 20)).toBeNull();
    expect(() => jobIndexFrom('20', {}, 20)).toThrow('--job=20: the plan has jobs 0…19');
    expect(() => jobIndexFrom(undefined, { SLURM_ARRAY_TASK_ID: '1.5' }, 20)).toThrow('SLURM_ARRAY_TASK_ID=1.5');
    expect(() => jobIndexFrom('-1', {}, 20)).toThrow('the plan has jobs');
  });

  it('parses job lists in the given order', () => {
    expect(parseJobList('9,4,0-2', 20)).toEqual([9, 4, 0, 1, 2]);
    expect(parseJobList('3,3', 20)).toEqual([3]);
    expect(() => parseJobList('5-3', 20)).toThrow('runs backwards');
    expect(() => parseJobList('7,x', 20)).toThrow('"x" is not an index');
    expect(() => parseJobList('18-21', 20)).toThrow('job 20 is not in the plan');
  });

  it('tells a job\'s state from its files', () => {
    const job = makePlan().jobs[0]; // shallow, 30 epochs
    expect(jobState(job, files(null))).toBe('pending');
    expect(jobState(job, files(metrics(12, false)))).toBe('training');
    // A run stopped at an earlier total (complete, but fewer epochs than the recipe) is still training.
    expect(jobState(job, files(metrics(15, true)))).toBe('training');
    expect(jobState(job, files(metrics(30, true)))).toBe('trained');
    expect(jobState(job, files(metrics(30, true), 960 * 29))).toBe('trained'); // eval.json of older weights
    expect(jobState(job, files(metrics(30, true), 960 * 30))).toBe('done');
    expect(jobState(job, files(metrics(12, false), null, 'pid 1 on h'))).toBe('running');
  });

  it('lists the same ten cells, in the same order, as the cell presets marked thesis', () => {
    expect([...ZOO_CELLS]).toEqual(THESIS_CELLS);
  });

  it('holds the thesis\'s bar and accuracies', () => {
    expect(accuracyBar('deep', 'mnist')).toBe(98);
    expect(accuracyBar('conv-plus-deep', 'mnist')).toBe(97.4);
    expect(accuracyBar('conv-plus-deep', 'fashion')).toBe(85);
    expect(THESIS_ACCURACY['conv-r-lstm-sd']).toEqual({ mnist: 99.35, fashion: 93.6 });
  });
});
