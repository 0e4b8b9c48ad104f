/**
 * The study's report (docs/study.md): merges whatever job results exist into per cell × dataset
 * accuracy, per cell × method × dataset metric (mean over folds ± 95% Student-t interval), and per
 * method the one-way ANOVA over cells and the Tukey HSD table, as in the thesis's Appendix 2:
 * the unit of observation is one fold model's mean over its held-out sequences, datasets pooled
 * (facts §7.4: 7 folds × 2 datasets = 14 observations per cell), groups in alphabetical order
 * (statsmodels' order; meanDiff = mean(group2) − mean(group1)). With two datasets the tests are also
 * given per dataset. Pure data; the Markdown is ./markdown.ts.
 */
import type { JobState } from '../jobs/job-state';
import { recipeText } from '../jobs/recipe';
import { oneWayAnova, type AnovaTable } from '../metrics/anova';
import { meanCI95 } from '../metrics/meanCI95';
import { tukeyHsd, type TukeyResult } from '../metrics/tukeyHsd';
import type { Dataset } from '../model-io/format';
import type { StudyJob, StudyPlan } from './plan';
import type { JobFigures, StudyMetric } from './result';

/** One job as found on disk: its state and, when done, its figures (or why they could not be read). */
export interface JobOutcome {
  job: StudyJob;
  state: JobState;
  figures: JobFigures | null;
  /** Why a done job's eval.json was not used. */
  problem?: string;
}

/** Mean over folds with its 95% interval (null bounds with fewer than two folds). */
export interface FoldStat {
  n: number;
  mean: number | null;
  lo: number | null;
  hi: number | null;
}

export interface StudyTest {
  method: string;
  /** 'pooled' (every dataset of the plan, the thesis's test) or one dataset. */
  scope: 'pooled' | Dataset;
  groups: { cell: string; n: number; mean: number }[];
  anova: AnovaTable | null;
  tukey: TukeyResult | null;
  /** Why no test could be made (too few results). */
  skipped?: string;
}

export interface StudyReport {
  format: 'rrx-study-report';
  version: 1;
  metric: StudyMetric;
  alpha: number;
  plan: { cells: string[]; datasets: Dataset[]; folds: number; methods: string[]; evalN: number | null; jobs: number; recipes: Record<string, string> };
  /** Jobs with results, and the others with their state. */
  done: number;
  missing: { index: number; id: string; state: JobState | 'unreadable'; problem?: string }[];
  accuracy: (FoldStat & { cell: string; dataset: Dataset })[];
  metrics: (FoldStat & { cell: string; dataset: Dataset; method: string })[];
  tests: StudyTest[];
  /** Seconds per finished job: training (all sessions) and evaluation, mean over the jobs that say. */
  seconds: { train: number | null; eval: number | null; jobs: number };
}

function foldStat(values: number[]): FoldStat {
  const s = meanCI95(values);
  const f = (x: number) => (Number.isFinite(x) ? x : null);
  return { n: s.n, mean: f(s.mean), lo: f(s.lo), hi: f(s.hi) };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** The report over the outcomes of the plan's jobs (every job once, in any order). */
export function studyReport(plan: StudyPlan, outcomes: readonly JobOutcome[], metric: StudyMetric = 'cosine', alpha = 0.05): StudyReport {
  const done = outcomes.filter((o) => o.figures !== null);
  const missing = outcomes
    .filter((o) => o.figures === null)
    .sort((a, b) => a.job.index - b.job.index)
    .map((o) => ({ index: o.job.index, id: o.job.id, state: o.problem ? ('unreadable' as const) : o.state, ...(o.problem ? { problem: o.problem } : {}) }));
  const of = (cell: string, datasets: readonly Dataset[]) => done.filter((o) => o.job.cell === cell && datasets.includes(o.job.dataset)).sort((a, b) => a.job.dataset.localeCompare(b.job.dataset) || a.job.fold - b.job.fold);
  const value = (o: JobOutcome, method: string) => o.figures!.methods[method]?.[metric] ?? null;
  const finite = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null && Number.isFinite(x));

  const accuracy: StudyReport['accuracy'] = [];
  const metrics: StudyReport['metrics'] = [];
  for (const dataset of plan.datasets) {
    for (const cell of plan.cells) {
      const rows = of(cell, [dataset]);
      accuracy.push({ cell, dataset, ...foldStat(rows.map((o) => o.figures!.accuracy)) });
      for (const method of plan.methods) metrics.push({ method, cell, dataset, ...foldStat(finite(rows.map((o) => value(o, method)))) });
    }
  }

  const scopes: StudyTest['scope'][] = plan.datasets.length > 1 ? ['pooled', ...plan.datasets] : ['pooled'];
  const groupsOrder = [...plan.cells].sort(); // statsmodels sorts the group labels
  const tests: StudyTest[] = [];
  for (const method of plan.methods) {
    for (const scope of scopes) {
      const datasets = scope === 'pooled' ? plan.datasets : [scope];
      const groups = groupsOrder.map((cell) => ({ name: cell, values: finite(of(cell, datasets).map((o) => value(o, method))) })).filter((g) => g.values.length > 0);
      const summary = groups.map((g) => ({ cell: g.name, n: g.values.length, mean: g.values.reduce((a, b) => a + b, 0) / g.values.length }));
      const n = groups.reduce((a, g) => a + g.values.length, 0);
      let skipped: string | undefined;
      if (groups.length < 2) skipped = `results for ${groups.length} cell${groups.length === 1 ? '' : 's'}; a test needs two or more`;
      else if (n <= groups.length) skipped = `${n} results in ${groups.length} cells; a test needs more results than cells`;
      tests.push(skipped ? { method, scope, groups: summary, anova: null, tukey: null, skipped } : { method, scope, groups: summary, anova: oneWayAnova(groups), tukey: tukeyHsd(groups, alpha) });
    }
  }

  const recipes: Record<string, string> = {};
  for (const cell of plan.cells) recipes[cell] = recipeText(plan.jobs.find((j) => j.cell === cell)!.recipe);
  return {
    format: 'rrx-study-report',
    version: 1,
    metric,
    alpha,
    plan: { cells: [...plan.cells], datasets: [...plan.datasets], folds: plan.folds, methods: [...plan.methods], evalN: plan.evalN, jobs: plan.jobs.length, recipes },
    done: done.length,
    missing,
    accuracy,
    metrics,
    tests,
    seconds: { train: mean(finite(done.map((o) => o.figures!.trainSeconds))), eval: mean(finite(done.map((o) => o.figures!.evalSeconds))), jobs: done.length },
  };
}
