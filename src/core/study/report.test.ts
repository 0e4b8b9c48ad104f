import { describe, expect, it } from 'vitest';
import { meanCI95 } from '../metrics/meanCI95';
import { oneWayAnova } from '../metrics/anova';
import { tukeyHsd } from '../metrics/tukeyHsd';
import { pairAgreements, studyMarkdown, studyReproductionSection, thesisRelativeMeans } from './markdown';
import { THESIS_TUKEY } from '../zoo/thesis';
import { makeStudyPlan, type StudyJob } from './plan';
import { studyReport, type JobOutcome } from './report';
import { jobFigures, type JobFigures } from './result';

const plan = makeStudyPlan({ cells: ['shallow', 'deep', 'deep-v2', 'conv-deep'], datasets: ['mnist', 'fashion'], folds: 3, methods: ['sensitivity', 'deep-taylor'] });

/** A made-up cosine per job: cells apart by design, folds and datasets a little. */
const cosine = (j: StudyJob, method: string) => ({ shallow: 0.6, deep: 0.7, 'deep-v2': 0.75, 'conv-deep': 0.8 })[j.cell as 'deep'] + (method === 'deep-taylor' ? 0.05 : 0) + 0.01 * j.fold + (j.dataset === 'fashion' ? -0.02 : 0);
const figures = (j: StudyJob): JobFigures => ({
  accuracy: 0.9 + 0.01 * j.fold,
  n: 100,
  methods: Object.fromEntries(plan.methods.map((m) => [m, { cosine: cosine(j, m), 'majority-share': null, 'adjusted-share': null, aopc: null }])),
  weightsSha256: 'x',
  trainSeconds: 100,
  evalSeconds: 10 + j.fold,
});
const outcomes = (skip: number[] = []): JobOutcome[] => plan.jobs.map((job) => (skip.includes(job.index) ? { job, state: 'pending', figures: null } : { job, state: 'done', figures: figures(job) }));

describe('the study report', () => {
  it('gives accuracy and the metric per cell × method × dataset as mean ± 95% interval over folds', () => {
    const r = studyReport(plan, outcomes());
    expect(r.done).toBe(24);
    expect(r.missing).toEqual([]);
    const acc = r.accuracy.find((a) => a.cell === 'deep' && a.dataset === 'fashion')!;
    const want = meanCI95([0.9, 0.91, 0.92]);
    expect(acc).toMatchObject({ n: 3, mean: want.mean, lo: want.lo, hi: want.hi });
    const m = r.metrics.find((x) => x.cell === 'conv-deep' && x.dataset === 'mnist' && x.method === 'deep-taylor')!;
    expect(m.mean).toBeCloseTo(0.86, 12);
    expect(r.seconds).toEqual({ train: 100, eval: 11, jobs: 24 });
  });

  it('tests each method over the cells, datasets pooled (the thesis\'s) and per dataset, groups in alphabetical order', () => {
    const r = studyReport(plan, outcomes());
    expect(r.tests.map((t) => `${t.method}/${t.scope}`)).toEqual(['sensitivity/pooled', 'sensitivity/mnist', 'sensitivity/fashion', 'deep-taylor/pooled', 'deep-taylor/mnist', 'deep-taylor/fashion']);
    const t = r.tests[0];
    expect(t.groups.map((g) => g.cell)).toEqual(['conv-deep', 'deep', 'deep-v2', 'shallow']);
    const groups = ['conv-deep', 'deep', 'deep-v2', 'shallow'].map((cell) => ({
      name: cell,
      values: plan.jobs.filter((j) => j.cell === cell).sort((a, b) => a.dataset.localeCompare(b.dataset) || a.fold - b.fold).map((j) => cosine(j, 'sensitivity')),
    }));
    expect(t.anova).toEqual(oneWayAnova(groups));
    expect(t.tukey).toEqual(tukeyHsd(groups));
    expect(t.anova!.within.df).toBe(24 - 4);
    expect(r.tests[1].anova!.within.df).toBe(12 - 4);
    expect(t.tukey!.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(['conv-deep-deep', 'conv-deep-deep-v2', 'conv-deep-shallow', 'deep-deep-v2', 'deep-shallow', 'deep-v2-shallow']);
    expect(t.tukey!.pairs[2].meanDiff).toBeCloseTo(-0.2, 12);
  });

  it('names the missing jobs and tests what there is; too few results give a reason, not a table', () => {
    const r = studyReport(plan, outcomes([5, 0]));
    expect(r.done).toBe(22);
    expect(r.missing).toEqual([
      { index: 0, id: 'shallow-mnist-fold0', state: 'pending' },
      { index: 5, id: 'deep-mnist-fold1', state: 'pending' },
    ]);
    expect(r.tests[0].groups.find((g) => g.cell === 'shallow')!.n).toBe(5);
    const few = studyReport(plan, outcomes(plan.jobs.filter((j) => j.cell !== 'deep').map((j) => j.index)));
    expect(few.tests[0]).toMatchObject({ anova: null, tukey: null, skipped: 'results for 1 cell; a test needs two or more' });
    const md = studyMarkdown(r);
    expect(md).toContain('**Missing: 2 of 24 jobs**');
    expect(md).toContain('- job 5 `deep-mnist-fold1`: pending');
  });

  it('lays the tests out as Appendix 2, with the thesis\'s figures beside the four cells\' pooled cosine', () => {
    const md = studyMarkdown(studyReport(plan, outcomes()));
    expect(md).toContain('### DTD (`deep-taylor`), pooled over MNIST-MAJ and FashionMNIST-MAJ');
    expect(md).toContain('| | sum_sq | df | F | PR(>F) |');
    expect(md).toMatch(/^\| architecture \| \S+ \| 3 \| \S+ \| \S+ \|$/m);
    expect(md).toMatch(/^\| Residual \| \S+ \| 20 \| \| \|$/m);
    expect(md).toContain('Thesis (Appendix 2, MNIST-MAJ and FashionMNIST-MAJ pooled, df 3 and 52): sum_sq 0.469895 / 0.027559, F = 295.54357');
    expect(md).toMatch(/^\| conv-deep \| shallow \| -0\.2000 \| 0\.0000 \| \S+ \| \S+ \| True \| -0\.2313 \[-0\.2544, -0\.2082\] True \|$/m);
    // Per dataset, the thesis's pooled figures are not set beside ours.
    const mnist = md.slice(md.indexOf('### DTD (`deep-taylor`), MNIST-MAJ'));
    expect(mnist.slice(0, mnist.indexOf('\n###', 5))).not.toContain('Thesis');
  });

  it('reads a job\'s figures from its eval.json only when the file is that job\'s', () => {
    const job = plan.jobs[1];
    const doc = {
      format: 'rrx-study-eval', version: 1, index: 1, id: job.id, cell: job.cell, dataset: job.dataset, fold: job.fold, n: 50, accuracy: 0.9,
      model: { weightsSha256: 'ab', wallTimeSeconds: 12 }, seconds: 3,
      methods: [{ spec: 'sensitivity', id: 'sensitivity', all: { cosine: { mean: 0.7 } } }, { spec: 'deep-taylor', id: 'deep-taylor', all: { cosine: { mean: 0.8 }, majorityShare: { mean: 0.6 } } }],
    };
    expect(jobFigures(doc, job, plan.methods)).toEqual({
      accuracy: 0.9, n: 50, weightsSha256: 'ab', trainSeconds: 12, evalSeconds: 3,
      methods: { sensitivity: { cosine: 0.7, 'majority-share': null, 'adjusted-share': null, aopc: null }, 'deep-taylor': { cosine: 0.8, 'majority-share': 0.6, 'adjusted-share': null, aopc: null } },
    });
    expect(() => jobFigures({ ...doc, index: 2 }, job, plan.methods)).toThrow(`job 1 (${job.id}) eval.json: it evaluates job 2`);
    expect(() => jobFigures({ ...doc, methods: doc.methods.slice(0, 1) }, job, plan.methods)).toThrow('method deep-taylor is missing');
    expect(() => jobFigures({ ...doc, accuracy: 2 }, job, plan.methods)).toThrow('accuracy or n is missing or out of range');
  });

  it('for docs/reproduction.md: orders the cells beside the order Appendix 2 implies and counts the pairs that agree', () => {
    const r = studyReport(plan, outcomes([1]));
    const lines = studyReproductionSection(r, 'study/plan.json');
    const text = lines.join('\n');
    expect(lines[0]).toBe('## The cross-validated study (Appendix 2)');
    expect(text).toContain('23 of 24 jobs done');
    expect(text).toContain('**Not complete**: 1 job missing (deep-mnist-fold0)');
    // Appendix 1's fold accuracy beside ours.
    expect(text).toMatch(/^\| Deep \| MNIST-MAJ \| \S+ \[\S+, \S+\] \| 98\.43 \|$/m);
    // The thesis's DTD order from its differences: every cell's mean relative to ConvDeep's.
    const rel = thesisRelativeMeans('deep-taylor')!;
    expect(rel['conv-deep']).toBe(0);
    expect(rel.shallow).toBe(THESIS_TUKEY['deep-taylor']!.find((x) => x.a === 'conv-deep' && x.b === 'shallow')!.meanDiff);
    const thesisOrder = Object.entries(rel).sort((a, b) => b[1] - a[1]).map(([c]) => c);
    // Ours by design: ConvDeep > DeepV2 > Deep > Shallow.
    const designed: Record<string, number> = { 'conv-deep': 0.8, 'deep-v2': 0.75, deep: 0.7, shallow: 0.6 };
    const dtd = r.tests.find((t) => t.method === 'deep-taylor' && t.scope === 'pooled')!;
    const pairs = pairAgreements(dtd);
    expect(pairs).toHaveLength(6);
    const same = THESIS_TUKEY['deep-taylor']!.filter((x) => Math.sign(designed[x.b] - designed[x.a]) === Math.sign(x.meanDiff)).length;
    expect(pairs.filter((p) => p.sameDirection)).toHaveLength(same);
    const names: Record<string, string> = { 'conv-deep': 'ConvDeep', 'deep-v2': 'DeepV2', deep: 'Deep', shallow: 'Shallow' };
    const row = lines.find((l) => l.startsWith('| DTD |'))!;
    expect(row.startsWith(`| DTD | ConvDeep > DeepV2 > Deep > Shallow | ${thesisOrder.map((c) => names[c]).join(' > ')} | ${same} of 6 | `)).toBe(true);
    // The full report follows, one level down, without its own title.
    expect(text).toContain('### The full study report');
    expect(text).toContain('#### DTD (`deep-taylor`), pooled over MNIST-MAJ and FashionMNIST-MAJ');
    expect(text).not.toMatch(/^# /m);
  });
});

