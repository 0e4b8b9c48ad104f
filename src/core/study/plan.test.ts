import { describe, expect, it } from 'vitest';
import { ZOO_CELLS } from '../zoo/thesis';
import { zooRecipe } from '../zoo/plan';
import { makeStudyPlan, studyRecipe, validateStudyPlan } from './plan';

describe('the study plan', () => {
  it('is the thesis\'s study by default: ten cells × two datasets × 7 folds = 140 jobs, datasets outer, folds, cells', () => {
    const plan = makeStudyPlan();
    expect(plan.jobs).toHaveLength(140);
    expect(plan.folds).toBe(7);
    expect(plan.foldSeed).toBe(71);
    expect(plan.jobs.map((j) => j.index)).toEqual([...Array(140).keys()]);
    expect(plan.jobs.slice(0, 10).map((j) => j.cell)).toEqual([...ZOO_CELLS]);
    expect(plan.jobs.slice(0, 10).every((j) => j.dataset === 'mnist' && j.fold === 0)).toBe(true);
    expect(plan.jobs[10]).toMatchObject({ id: 'shallow-mnist-fold1', cell: 'shallow', dataset: 'mnist', fold: 1 });
    expect(plan.jobs[70]).toMatchObject({ id: 'shallow-fashion-fold0', dataset: 'fashion', fold: 0 });
    expect(plan.jobs[139].id).toBe('conv-plus-r-lstm-sd-fashion-fold6');
    expect(new Set(plan.jobs.map((j) => j.id)).size).toBe(140);
    expect(plan.jobs.every((j) => j.task === 'maj' && j.T === 12)).toBe(true);
    expect(plan.evalN).toBeNull();
    expect(plan.faithfulness).toBeNull();
    expect(plan.jobs[1].recipe).toEqual(zooRecipe('deep'));
    expect(validateStudyPlan(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
  });

  it('makes reduced plans: cells, datasets, k, epochs (schedule steps beyond them dropped), lr, limit, evaluation', () => {
    const plan = makeStudyPlan({ cells: ['shallow', 'conv-deep'], datasets: ['mnist'], folds: 3, epochs: 20, limit: 500, evalN: 100, methods: ['deep-taylor'], aopc: { n: 10, steps: 5, patch: 4, fill: 'background' } });
    expect(plan.jobs.map((j) => j.id)).toEqual(['shallow-mnist-fold0', 'conv-deep-mnist-fold0', 'shallow-mnist-fold1', 'conv-deep-mnist-fold1', 'shallow-mnist-fold2', 'conv-deep-mnist-fold2']);
    expect(plan.jobs[0].recipe).toMatchObject({ epochs: 20, limit: 500, lr: 1e-3, lrSchedule: [{ fromEpoch: 16, lr: 3e-4 }] });
    expect(plan.jobs[1].recipe).toMatchObject({ epochs: 20, lrSchedule: [{ fromEpoch: 9, lr: 3e-4 }, { fromEpoch: 13, lr: 1e-4 }] });
    expect(plan.faithfulness).toEqual({ aopcN: 10, aopcSteps: 5, patch: 4, fill: 'background', randomisationN: 0 });
    expect(plan.description).toContain('2 cells × 1 dataset × 3 folds = 6 jobs');
    expect(plan.description).toContain('the first 100 sequences of the held-out fold');
    // --lr alone: a constant rate; with --lr-schedule its steps.
    expect(studyRecipe('deep', { lr: 1e-3, epochs: 6 })).toMatchObject({ lr: 1e-3, lrSchedule: [], epochs: 6 });
    expect(studyRecipe('shallow', { lr: 2e-3, lrSchedule: [{ fromEpoch: 4, lr: 5e-4 }, { fromEpoch: 9, lr: 1e-4 }], epochs: 6 })).toMatchObject({ lr: 2e-3, lrSchedule: [{ fromEpoch: 4, lr: 5e-4 }] });
    expect(() => makeStudyPlan({ folds: 1 })).toThrow('folds must be an integer in 2…255');
    expect(() => makeStudyPlan({ cells: ['deep', 'deep'] })).toThrow('listed twice');
  });

  it('rejects broken plan files with the first problem named', () => {
    const good = JSON.parse(JSON.stringify(makeStudyPlan({ cells: ['deep'], datasets: ['mnist'], folds: 2 })));
    const bad = (patch: (p: any) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const p = JSON.parse(JSON.stringify(good));
      patch(p);
      return () => validateStudyPlan(p, 'p.json');
    };
    expect(bad((p) => (p.format = 'rrx-zoo-plan'))).toThrow('p.json: format must be "rrx-study-plan"');
    expect(bad((p) => (p.foldSeed = 1))).toThrow('foldSeed must be 71');
    expect(bad((p) => (p.folds = 3))).toThrow('jobs lists 2 jobs; cells × datasets × folds is 3');
    expect(bad((p) => (p.jobs[1].fold = 2))).toThrow('jobs[1].fold must be an integer in 0…1');
    expect(bad((p) => (p.jobs[1].id = 'x'))).toThrow('jobs[1].id must be "deep-mnist-fold1"');
    expect(bad((p) => (p.jobs[0].cell = 'shallow'))).toThrow('jobs[0].cell "shallow" is not one of the plan\'s cells');
    expect(bad((p) => (p.jobs[0].recipe.lr = 0))).toThrow('jobs[0].recipe.lr must be in (0, 10]');
    expect(bad((p) => (p.cells = ['lstm']))).toThrow('cells must be a non-empty list of distinct names');
    expect(bad((p) => (p.methods = []))).toThrow('methods must be a non-empty list');
    expect(bad((p) => (p.faithfulness = { aopcN: 1 }))).toThrow('faithfulness must be null or');
  });
});
