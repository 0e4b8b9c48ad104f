/**
 * `rrx study plan | run | report`: the thesis's cross-validated study (§4.3.2, Appendix 2) as a job
 * array (docs/study.md). The plan, the statistics and the report are core data and functions
 * (src/core/study/, src/core/metrics/anova.ts, tukeyHsd.ts); the files are src/node/study-files.ts;
 * one job's run is ../study/run-job.ts (the zoo's runner); `--all --parallel n` is ../study/run-parallel.ts.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildMethodList, expandMethodSpecs } from '../../core/explain/registry';
import { jobIndexFrom, parseJobList } from '../../core/jobs/job-index';
import { recipeText } from '../../core/jobs/recipe';
import type { Dataset } from '../../core/model-io/format';
import { studyMarkdown } from '../../core/study/markdown';
import { makeStudyPlan, STUDY_DATASETS, type StudyPlan } from '../../core/study/plan';
import { studyReport } from '../../core/study/report';
import { STUDY_METRICS } from '../../core/study/result';
import { ZOO_CELLS, type ZooCell } from '../../core/zoo/thesis';
import { writeFilesAtomically } from '../../node/model-files';
import { readStudyOutcomes, readStudyPlan } from '../../node/study-files';
import { NODE_BACKENDS } from '../../node/tf-backend';
import type { Command } from '../command';
import { choiceOpt, intOpt, numOpt, parse, UsageError } from '../command';
import { runParallel } from '../study/run-parallel';
import { runStudyJob } from '../study/run-job';
import { parseLrSchedule } from './train';

const DEFAULT_PLAN = 'study/plan.json';

const usage = `Usage: rrx study plan [--cells ID,ID] [--datasets mnist,fashion] [--folds k] [--epochs n] [--lr x]
                      [--lr-schedule S] [--limit n] [--eval-n n] [--methods L] [--aopc N] [--out FILE] [--force]
       rrx study run [--plan FILE] (--job i | --jobs LIST | --all [--parallel n]) [--backend B] [--eval-threads n]
       rrx study report [--plan FILE] [--metric cosine|majority-share|adjusted-share|aopc] [--out DIR]

The thesis's cross-validated study (§4.3.2, Appendix 2) as independent jobs (docs/study.md): each
dataset's MAJ training, test and validation sequences are pooled and split into k stratified folds
(seed 71); job i = one (cell, dataset, fold) trains on the other folds and evaluates accuracy and each
method's cosine on the held-out fold. Jobs live in <plan folder>/runs/<cell>-<dataset>-fold<f>/.

  plan      write the plan file (default ${DEFAULT_PLAN}) and list its jobs: datasets outer, then
            folds, then cells. Default: the ten MAJ cells × MNIST-MAJ and FashionMNIST-MAJ × 7 folds
            (140 jobs), each cell with the zoo's recipe (docs/zoo.md), the whole held-out fold
            evaluated with the five thesis methods. --epochs, --lr, --lr-schedule and --limit change
            every recipe (--lr alone: a constant rate); --eval-n evaluates the first n held-out
            sequences; --methods as rrx eval's; --aopc N adds region perturbation on the first N
            (--aopc-steps L, --aopc-patch p, --aopc-fill background|noise as rrx eval's). An
            existing plan that differs is kept unless --force.
  run       run job i: --job i, or the index a batch engine sets: JOB_COMPLETION_INDEX (Kubernetes
            Indexed Jobs), SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX. The job trains with
            rrx train --fold (continuing from its last checkpoint when run again), then evaluates
            the final weights on the held-out fold and writes eval.json atomically; a finished job
            does nothing. Ctrl-C or SIGTERM saves a checkpoint and stops (exit 130); a job that
            another live process on this host holds exits 75. --jobs 0-3,9 runs those in turn,
            --all every job; --parallel n runs n job processes side by side (one core each).
  report    merge the results that exist into <out>/report.json and <out>/report.md (default: the
            plan's folder), naming the jobs still missing: accuracy and the metric (default cosine)
            per cell × method × dataset with 95% intervals over folds, and per method the one-way
            ANOVA (sum of squares, df, F, p, eta squared) and Tukey HSD (FWER 0.05) over the cells,
            datasets pooled as in the thesis (and per dataset when there are two)

Options:
  --plan FILE        the plan file (default ${DEFAULT_PLAN})
  --backend B        TF.js backend: ${NODE_BACKENDS.join(', ')} (default wasm)
  --eval-threads n   worker threads of the evaluation (default: one per core; 1 with --parallel)`;

export const command: Command = {
  name: 'study',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'plan':
        return planCmd(rest);
      case 'run':
        return runCmd(rest);
      case 'report':
        return reportCmd(rest);
      default:
        throw new UsageError(sub ? `unknown study command "${sub}"; valid: plan, run, report` : 'a study command is required: plan, run or report');
    }
  },
};

const list = (v: string | undefined) => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean));

async function planCmd(argv: string[]): Promise<number> {
  const { values: v } = parse(argv, {
    cells: { type: 'string' },
    datasets: { type: 'string' },
    folds: { type: 'string' },
    epochs: { type: 'string' },
    lr: { type: 'string' },
    'lr-schedule': { type: 'string' },
    limit: { type: 'string' },
    'eval-n': { type: 'string' },
    methods: { type: 'string' },
    aopc: { type: 'string' },
    'aopc-steps': { type: 'string' },
    'aopc-patch': { type: 'string' },
    'aopc-fill': { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  });
  const cells = list(v.cells)?.map((c) => {
    if (!(ZOO_CELLS as readonly string[]).includes(c)) throw new UsageError(`--cells: "${c}" is not a thesis MAJ cell; valid: ${ZOO_CELLS.join(', ')}`);
    return c as ZooCell;
  });
  const datasets = list(v.datasets)?.map((d) => choiceOpt('datasets', d, STUDY_DATASETS) as Dataset);
  let methods: string[] | undefined;
  if (v.methods !== undefined) {
    try {
      // Checked now, and 'all' / 'thesis' written out: every job evaluates the same specs.
      buildMethodList(v.methods);
      methods = expandMethodSpecs(v.methods);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const aopcN = intOpt('aopc', v.aopc, 0, 1_000_000) ?? 0;
  const aopc = aopcN
    ? {
        n: aopcN,
        steps: intOpt('aopc-steps', v['aopc-steps'], 1, 10_000) ?? 30,
        patch: intOpt('aopc-patch', v['aopc-patch'], 1, 28) ?? 4,
        fill: choiceOpt('aopc-fill', v['aopc-fill'], ['background', 'noise'] as const) ?? 'background',
      }
    : null;
  if (aopc && 28 % aopc.patch !== 0) throw new UsageError(`--aopc-patch ${aopc.patch} must divide 28`);
  let plan: StudyPlan;
  try {
    plan = makeStudyPlan({
      cells,
      datasets,
      folds: intOpt('folds', v.folds, 2, 255),
      epochs: intOpt('epochs', v.epochs, 1, 10_000),
      lr: numOpt('lr', v.lr, Number.MIN_VALUE, 10),
      lrSchedule: v['lr-schedule'] === undefined ? undefined : parseLrSchedule(v['lr-schedule']),
      limit: intOpt('limit', v.limit, 1, 10_000_000),
      evalN: intOpt('eval-n', v['eval-n'], 1, 10_000_000),
      methods,
      aopc,
    });
  } catch (err) {
    if ((err as Error).name === 'UsageError') throw err;
    throw new UsageError((err as Error).message);
  }
  const out = v.out ?? DEFAULT_PLAN;
  const text = `${JSON.stringify(plan, null, 2)}\n`;
  if (existsSync(out) && !v.force) {
    const old = await readFile(out, 'utf8');
    if (old !== text) throw new Error(`${out} already holds a different plan; its runs may depend on it. Pass --force to replace it, or --out another file`);
  } else {
    await writeFilesAtomically(path.dirname(path.resolve(out)), [[path.basename(out), text]]);
  }
  console.log(`${out}: ${plan.jobs.length} jobs (${plan.cells.length} cells × ${plan.datasets.length} dataset${plan.datasets.length > 1 ? 's' : ''} × ${plan.folds} folds); evaluation: ${plan.evalN ?? 'all'} held-out sequences, ${plan.methods.join(', ')}${plan.faithfulness ? `, AOPC on ${plan.faithfulness.aopcN}` : ''}`);
  for (const j of plan.jobs) console.log(`  ${String(j.index).padStart(3)}  ${j.id.padEnd(34)} ${recipeText(j.recipe)}`);
  return 0;
}

async function runCmd(argv: string[]): Promise<number> {
  const { values: v } = parse(argv, {
    plan: { type: 'string' },
    job: { type: 'string' },
    jobs: { type: 'string' },
    all: { type: 'boolean' },
    parallel: { type: 'string' },
    backend: { type: 'string' },
    'eval-threads': { type: 'string' },
  });
  const planFile = v.plan ?? DEFAULT_PLAN;
  const plan = await readStudyPlan(planFile);
  const root = path.dirname(planFile);
  if ([v.job !== undefined, v.jobs !== undefined, !!v.all].filter(Boolean).length > 1) throw new UsageError('give one of --job, --jobs and --all');
  const backend = choiceOpt('backend', v.backend, NODE_BACKENDS) ?? 'wasm';
  const parallel = intOpt('parallel', v.parallel, 1, 256) ?? 1;
  const evalThreads = intOpt('eval-threads', v['eval-threads'], 1, 64) ?? (parallel > 1 ? 1 : undefined);
  let picked: ReturnType<typeof jobIndexFrom>;
  let indices: number[];
  try {
    picked = v.jobs !== undefined || v.all ? null : jobIndexFrom(v.job, process.env, plan.jobs.length);
    if (picked) indices = [picked.index];
    else if (v.jobs !== undefined) indices = parseJobList(v.jobs, plan.jobs.length);
    else if (v.all) indices = plan.jobs.map((j) => j.index);
    else throw new UsageError('which job? --job i, or JOB_COMPLETION_INDEX / SLURM_ARRAY_TASK_ID / AWS_BATCH_JOB_ARRAY_INDEX, or --jobs LIST, or --all');
  } catch (err) {
    throw (err as Error).name === 'UsageError' ? err : new UsageError((err as Error).message);
  }
  if (picked && parallel > 1) throw new UsageError('--parallel goes with --jobs or --all');
  const say = (s: string) => console.log(`[study] ${s}`);
  if (picked) say(`job ${picked.index} from ${picked.source}`);

  if (parallel > 1) {
    const extra = ['--backend', backend, ...(evalThreads ? ['--eval-threads', String(evalThreads)] : [])];
    const r = await runParallel(indices, parallel, (i) => ['study', 'run', '--plan', planFile, '--job', String(i), ...extra], say);
    const failed = [...r.codes].filter(([, c]) => c !== 0 && c !== 75 && c !== 130).map(([i]) => i);
    const busy = [...r.codes].filter(([, c]) => c === 75).map(([i]) => i);
    say(`${[...r.codes.values()].filter((c) => c === 0).length} of ${indices.length} jobs done${busy.length ? `; held by other processes: ${busy.join(', ')}` : ''}${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
    return r.interrupted ? 130 : failed.length ? 1 : 0;
  }
  let busy = 0;
  for (const i of indices) {
    const job = plan.jobs[i];
    const result = await runStudyJob(plan, root, job, { backend, evalThreads, overrideForeignLock: picked !== null, say });
    if (result === 'interrupted') return 130;
    if (result === 'busy') {
      busy++;
      say(`job ${job.index} (${job.id}): another process is running it; ${picked ? 'stopping' : 'skipping'}`);
      if (picked) return 75; // EX_TEMPFAIL: the engine may retry later
    }
    if (result === 'skipped-done') say(`job ${job.index} (${job.id}): done already`);
  }
  if (!picked) say(busy ? `every other job is done; ${busy} held by other processes` : 'every job is done');
  return 0;
}

async function reportCmd(argv: string[]): Promise<number> {
  const { values: v } = parse(argv, { plan: { type: 'string' }, metric: { type: 'string' }, out: { type: 'string' } });
  const planFile = v.plan ?? DEFAULT_PLAN;
  const plan = await readStudyPlan(planFile);
  const metric = choiceOpt('metric', v.metric, STUDY_METRICS) ?? 'cosine';
  if (metric === 'aopc' && !plan.faithfulness?.aopcN) throw new UsageError('--metric aopc: the plan\'s evaluations have no AOPC (plan with --aopc N)');
  const outcomes = await readStudyOutcomes(plan, path.dirname(planFile));
  const report = studyReport(plan, outcomes, metric);
  const out = v.out ?? path.dirname(planFile);
  await writeFilesAtomically(out, [
    ['report.json', `${JSON.stringify(report, null, 2)}\n`],
    ['report.md', studyMarkdown(report)],
  ]);
  console.log(`${path.join(out, 'report.json')}, ${path.join(out, 'report.md')}: ${report.done} of ${report.plan.jobs} jobs`);
  if (report.missing.length) console.log(`missing: ${report.missing.map((m) => `${m.index} ${m.id} (${m.state})`).join(', ')}`);
  for (const t of report.tests.filter((x) => x.scope === 'pooled')) {
    console.log(t.anova ? `${t.method}: F = ${t.anova.F.toPrecision(4)} on (${t.anova.between.df}, ${t.anova.within.df}), p = ${t.anova.p.toPrecision(4)}, eta squared ${t.anova.etaSquared.toFixed(3)}` : `${t.method}: no test (${t.skipped})`);
  }
  return 0;
}
