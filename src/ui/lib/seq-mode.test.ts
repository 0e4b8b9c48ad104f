/**
 * The sequence task's pure parts: its label, its six columns from the bundle index, the task in the URL,
 * and the relevance-through-time chart's data.
 */
import { describe, expect, it } from 'vitest';
import { relevanceFlow } from '../../core/metrics/relevanceFlow';
import { DEFAULT_URL_STATE, parseUrlState, readBlocks, serializeUrlState } from '../url-state';
import { parseBundleIndex, type BundleEntry } from './bundle-index';
import { flowChartData, flowSummary } from './flow-chart';
import { bundledSeqFor, seqCellsWithoutModel, seqColumns } from './seq-columns';
import { taskLabel, taskOfWidth } from './task';

describe('the task of a sequence', () => {
  it('MAJ: the class appearing twice and its mask; the sequence task: the image’s class and no mask', () => {
    expect(taskLabel('maj', [3, 5, 3])).toEqual({ label: 3, mask: [1, 0, 1] });
    expect(taskLabel('maj', [3, 5, null])).toEqual({ label: null, mask: null });
    expect(taskLabel('seq', [5])).toEqual({ label: 5, mask: null });
    expect(taskLabel('seq', [null])).toEqual({ label: null, mask: null });
  });

  it('a model’s task from the width of the images it reads', () => {
    expect([taskOfWidth(84), taskOfWidth(28), taskOfWidth(56), taskOfWidth(undefined)]).toEqual(['maj', 'seq', null, null]);
  });
});

describe('the sequence task’s columns', () => {
  const index = parseBundleIndex(
    JSON.stringify([
      { id: 'deep-mnist-seq4', preset: 'deep', dataset: 'mnist', task: 'seq', T: 4, path: 'a/', status: 'in-training' },
      { id: 'deep-mnist-seq4-final', preset: 'deep', dataset: 'mnist', task: 'seq', T: 4, path: 'b/', status: 'trained' },
      { id: 'shallow-fashion-seq7', preset: 'shallow', dataset: 'fashion', task: 'seq', T: 7, path: 'c/' },
      { id: 'shallow-mnist-maj', preset: 'shallow', dataset: 'mnist', task: 'maj', T: 12, path: 'd/' },
    ]),
    'http://x/models/index.json',
  );
  const entries = index.status === 'ready' ? index.entries : ([] as BundleEntry[]);

  it('are Shallow and Deep at T = 1, 4, 7, bundled where the index has the cell (a finished model first), else seeded', () => {
    const cols = seqColumns(entries, 'mnist');
    expect(cols.map((c) => [c.slot, c.preset, c.T, c.task])).toEqual([
      ['i:shallow-seq1', 'shallow', 1, 'seq'],
      ['i:shallow-seq4', 'shallow', 4, 'seq'],
      ['i:shallow-seq7', 'shallow', 7, 'seq'],
      ['i:deep-seq1', 'deep', 1, 'seq'],
      ['b:deep-mnist-seq4-final', 'deep', 4, 'seq'],
      ['i:deep-seq7', 'deep', 7, 'seq'],
    ]);
    expect(seqColumns(entries, 'fashion')[2].slot).toBe('b:shallow-fashion-seq7');
    // A MAJ model of the same cell is no sequence-task model.
    expect(bundledSeqFor(entries, 'shallow', 'mnist', 12)).toBeUndefined();
  });

  it('name the cells without a bundled model, as the thesis does', () => {
    expect(seqCellsWithoutModel(entries, 'mnist')).toEqual(['Shallow-1', 'Shallow-4', 'Shallow-7', 'Deep-1', 'Deep-7']);
    expect(seqCellsWithoutModel([], 'fashion')).toHaveLength(6);
  });
});

describe('the task in the URL', () => {
  it('is left out for MAJ, written as task=seq, and an unknown value reads as MAJ', () => {
    expect(serializeUrlState({ ...DEFAULT_URL_STATE, task: 'seq', index: 12 })).toBe('?task=seq&index=12');
    expect(parseUrlState('?task=seq&index=12')).toMatchObject({ task: 'seq', index: 12 });
    expect(parseUrlState('?task=cifar').task).toBe('maj');
    expect(parseUrlState('').task).toBe('maj');
  });

  it('reads one block (the sequence task’s image) or three, nothing else', () => {
    expect(readBlocks('4t60003')).toEqual([{ label: 4, kind: 'image', baseIndex: 60003 }]);
    expect(readBlocks('1t5.3t6.3t7')).toHaveLength(3);
    expect(readBlocks('1t5.3t6')).toBeUndefined();
    expect(parseUrlState('?task=seq&blocks=xt7').blocks).toEqual([{ label: null, kind: 'image', baseIndex: 7 }]);
  });
});

describe('the relevance-through-time chart', () => {
  it('stacks each step’s parts (negatives below 0) and carries what a step passes back into the step before', () => {
    // Output 7: step 3 keeps 3, passes 3 back (2 through the state, 1 literal), loses 0.5; step 2 keeps 2.5 and −0.5.
    const flow = relevanceFlow([1, 2, 3], [1, 3, 6.5], [0, 1, 0], 7);
    const d = flowChartData(flow);
    expect(d.T).toBe(3);
    expect(d.literal).toBe(true);
    expect(d.segments.filter((s) => s.step === 3).map((s) => [s.part, s.y0, s.y1])).toEqual([
      ['kept', 0, 3],
      ['state', 3, 5],
      ['literal', 5, 6],
      ['lost', 6, 6.5],
    ]);
    expect(d.segments.filter((s) => s.step === 4)).toEqual([{ step: 4, part: 'output', value: 7, y0: 0, y1: 7 }]);
    // The output into step 3 (all it hands on), step 2 into step 1, step 3 into step 2.
    expect(d.bands).toEqual([
      { from: 4, value: 6.5, src: [0, 7], dst: [0, 6.5] },
      { from: 2, value: 1, src: [2, 3], dst: [0, 1] },
      { from: 3, value: 3, src: [3, 6], dst: [0, 3] },
    ]);
    expect(d.domain).toEqual([0, 7]);
    expect(d.rows[2]).toEqual({ step: 3, arrives: 6.5, kept: 3, passedState: 2, passedLiteral: 1, lost: 0.5 });
  });

  it('puts negative parts below zero and widens the domain', () => {
    const d = flowChartData(relevanceFlow([-0.5, 2], [-0.5, 1.5], null, 1.5));
    expect(d.segments.filter((s) => s.step === 1)).toEqual([{ step: 1, part: 'kept', value: -0.5, y0: -0.5, y1: 0 }]);
    expect(d.segments.filter((s) => s.step === 2).map((s) => [s.part, s.y0, s.y1])).toEqual([
      ['kept', 0, 2],
      ['state', -0.5, 0],
    ]);
    expect(d.domain).toEqual([-0.5, 2]);
    // Nothing positive is passed back from step 2: no band into step 1.
    expect(d.bands.map((b) => b.from)).toEqual([3]);
  });

  it('says where the output ends up', () => {
    expect(flowSummary(relevanceFlow([1, 2, 3], [1, 3, 6], null, 6))).toBe(
      'The last step (3) keeps 50 % of the output and passes 50 % back; steps 1–2 keep 50 % (step 1: 17 %); nothing is lost on the way.',
    );
    expect(flowSummary(relevanceFlow([1, 2, 3], [1, 3, 6.5], null, 8))).toMatch(/; 25 % is lost on the way\.$/);
    expect(flowSummary(relevanceFlow([4], [4], null, 4))).toBe('One step: 100 % of the output lands on the image; nothing is lost on the way.');
    expect(flowSummary(relevanceFlow([0, 0], [0, 0], null, 0))).toBe('The explained class’s output is ≤ 0: no relevance flows.');
  });
});
