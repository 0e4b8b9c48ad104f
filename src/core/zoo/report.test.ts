import { describe, expect, it } from 'vitest';
import { reproductionReport, type Interval, type ReportModel } from './report';
import { ZOO_METHODS, type ZooCell } from './thesis';

const iv = (mean: number, half = 0.01): Interval => ({ mean, lo: mean - half, hi: mean + half, n: 10000 });

/** A finished model whose every method has the given cosine. */
function model(cell: ZooCell, dataset: 'mnist' | 'fashion', acc: number, cos: Partial<Record<(typeof ZOO_METHODS)[number], Interval>> | Interval): ReportModel {
  const all = 'mean' in cos ? Object.fromEntries(ZOO_METHODS.map((m) => [m, cos])) : cos;
  return {
    id: `${cell}-${dataset}-maj`,
    cell,
    dataset,
    status: 'trained',
    epochsDone: 30,
    epochs: 30,
    testAccuracy: acc,
    valAccuracy: acc,
    recipe: { lr: 1e-3, lrSchedule: [{ fromEpoch: 16, lr: 3e-4 }], shuffle: 'epoch', batch: 50, limit: null },
    wallTimeSeconds: 1800,
    eval: { n: 10000, accuracy: acc, methods: Object.fromEntries(Object.entries(all).map(([k, c]) => [k, { cosine: c as Interval, majorityShare: iv(0.8), maxConservationError: 1e-5 }])) },
  };
}

const section = (md: string, title: string) => {
  const start = md.indexOf(`### ${title}`);
  expect(start, title).toBeGreaterThanOrEqual(0);
  const end = md.indexOf('\n### ', start + 4);
  return md.slice(start, end < 0 ? undefined : end);
};

describe('the reproduction report', () => {
  it('puts each accuracy beside the thesis\'s, with the bar and the goal judged at their edges', () => {
    const md = reproductionReport([model('deep', 'mnist', 0.98, iv(0.7)), model('shallow', 'mnist', 0.9799, iv(0.6)), model('deep', 'fashion', 0.8781, iv(0.6))], 'rrx report');
    expect(md).toContain('| Deep | MNIST-MAJ | 98.00 % | 98.16 % | −0.16 | ✓ | ✓ | 30/30 | finished |');
    expect(md).toContain('| Shallow | MNIST-MAJ | 97.99 % | 98.12 % | −0.13 | ✗ (98.00 %) | ✓ | 30/30 | finished |');
    // 89.81 − 87.81 = 2.00 points: at the goal's edge
    expect(md).toContain('| Deep | FashionMNIST-MAJ | 87.81 % | 89.81 % | −2.00 | ✓ | ✓ |');
    expect(md).toContain('| ConvDeep | MNIST-MAJ | — | 99.22 % | | | | | not trained yet |');
    expect(md).toContain('State: 3 of 20 models bundled, 3 finished, 3 evaluated; 1.5 h of training in all');
  });

  it('checks the depth finding with strict and non-strict comparisons', () => {
    const ordered = (ds: 'mnist' | 'fashion', v2: number) => [model('shallow', ds, 0.98, iv(0.5)), model('deep', ds, 0.98, iv(0.7)), model('deep-v2', ds, 0.98, iv(v2)), model('conv-deep', ds, 0.99, iv(0.8))];
    // DeepV2 a little below Deep but overlapping: "Deep ≤ DeepV2" still holds.
    let md = reproductionReport([...ordered('mnist', 0.695), ...ordered('fashion', 0.72)], 'rrx report');
    let s = section(md, 'Depth');
    expect(s).toContain('**reproduced**');
    expect(s).toContain('- DTD, MNIST-MAJ — reproduced: Shallow 0.500 < Deep 0.700; Deep 0.700 ≤ DeepV2 0.695; DeepV2 0.695 < ConvDeep 0.800');
    // DeepV2 clearly below Deep on Fashion: not reproduced, and the broken link is marked.
    md = reproductionReport([...ordered('mnist', 0.72), ...ordered('fashion', 0.65)], 'rrx report');
    s = section(md, 'Depth');
    expect(s).toContain('**not reproduced**');
    expect(s).toContain('Deep 0.700 ≤ DeepV2 0.650 ✗');
    // Overlapping intervals do not count for "<".
    md = reproductionReport([model('shallow', 'mnist', 0.98, iv(0.69)), model('deep', 'mnist', 0.98, iv(0.7))], 'rrx report');
    expect(md).toContain('Shallow 0.690 < Deep 0.700 ✗');
  });

  it('sets Experiment 1\'s accuracies beside Table 4.4', () => {
    const m = { ...model('deep', 'mnist', 0.9871, iv(0.7)), id: 'deep-mnist-seq7', task: 'seq' as const, T: 7, eval: null };
    const md = reproductionReport([m], 'rrx report');
    expect(md).toContain('| Deep | 7 | MNIST | 98.71 % | 98.68 % | +0.03 | ✓ | 30/30 | finished |');
    expect(md).toContain('| Shallow | 1 | FashionMNIST | — | 87.93 % | | | | not trained yet |');
    expect(md).toContain('State: 0 of 20 models bundled'); // Experiment 1 models are not MAJ models
  });

  it('tabulates AOPC against the random order and the randomisation correlations', () => {
    const m = model('deep', 'mnist', 0.98, iv(0.7));
    m.eval!.faithfulness = {
      aopc: { n: 500, steps: 30, patch: 4, fill: 'background', random: iv(2.5, 0.1), methods: { 'deep-taylor': iv(8.25, 0.5) } },
      randomisation: { n: 100, layers: ['output_2', 'input_1'], methods: { sensitivity: { first: iv(0.47), last: iv(0.07) } } },
    };
    const md = reproductionReport([m], 'rrx report');
    expect(md).toContain('AOPC, MNIST-MAJ (500 test sequences, L = 30, background; mean [95% interval]):');
    expect(md).toContain('| Deep | 2.50 [2.40, 2.60] | — | — | — | 8.25 [7.75, 8.75] | — |');
    expect(md).toContain('| Deep | 0.47 / 0.07 | — | — | — | — |');
  });

  it('says pending while a cell is missing', () => {
    const md = reproductionReport([model('deep', 'mnist', 0.98, iv(0.7))], 'rrx report');
    expect(section(md, 'R-LSTM above Deep')).toContain('**pending**');
    expect(section(md, 'R-LSTM above Deep')).toContain('Deep < R-LSTM: not evaluated yet');
  });

  it('sets our pairwise differences beside the thesis\'s Tukey mean differences, with the sign judged', () => {
    const ms = (['mnist', 'fashion'] as const).flatMap((ds) => [model('shallow', ds, 0.98, iv(0.5)), model('conv-deep', ds, 0.99, iv(ds === 'mnist' ? 0.7 : 0.8))]);
    const md = reproductionReport(ms, 'rrx report');
    // thesis: convdeep → shallow −0.2313 (DTD); ours: 0.5 − 0.7 = −0.2 and 0.5 − 0.8 = −0.3, mean −0.25
    expect(md).toContain('| DTD | ConvDeep | Shallow | −0.2313 | yes | −0.2000 | −0.3000 | −0.2500 | ✓ |');
  });

  it('judges the Conv⁺Deep finding by whether the sign differs between the datasets', () => {
    const ms = [model('conv-deep', 'mnist', 0.99, iv(0.8)), model('conv-plus-deep', 'mnist', 0.98, iv(0.75)), model('conv-deep', 'fashion', 0.92, iv(0.8)), model('conv-plus-deep', 'fashion', 0.88, iv(0.85))];
    const md = reproductionReport(ms, 'rrx report');
    const s = section(md, 'Literal connections in ConvDeep');
    expect(s).toContain('**reproduced**');
    expect(s).toContain('- DTD: −0.050 / +0.050');
  });
});
