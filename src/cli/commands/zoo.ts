/**
 * `rrx zoo plan | run | status | eval | publish`: the thesis's ten MAJ cells × two datasets as a
 * resumable queue of training jobs, one job per model (docs/zoo.md). The plan and the job states are
 * core data (src/core/zoo/plan.ts); the files and locks are src/node/zoo-files.ts; one job's run is
 * ../zoo/run-job.ts; publishing into the explorer's bundle is ../zoo/publish.ts.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jobIndexFrom, jobState, jobTargets, makePlan, parseJobList, ZOO_FAITHFULNESS, ZOO_TASKS, type ZooJob, type ZooPlan, type ZooTask } from '../../core/zoo/plan';
import { ZOO_CELLS, type ZooCell } from '../../core/zoo/thesis';
import type { Dataset } from '../../core/model-io/format';
import { NODE_BACKENDS } from '../../node/tf-backend';
import { readJobFiles, readPlan, runDir, writeEval } from '../../node/zoo-files';
import type { Command } from '../command';
import { choiceOpt, intOpt, parse, UsageError } from '../command';
import { publish } from '../zoo/publish';
import { evaluateJob, runJob } from '../zoo/run-job';

const DEFAULT_PLAN = 'zoo/plan.json';

const usage = `Usage: rrx zoo plan [--tasks maj,seq] [--cells ID,ID] [--datasets mnist,fashion] [--epochs n] [--limit n] [--eval-n n]
                    [--aopc N] [--randomisation N] [--out FILE] [--force]
       rrx zoo run [--plan FILE] [--job i | --jobs LIST] [--backend wasm|cpu|webgpu] [--eval-threads n]
       rrx zoo status [--plan FILE] [--json]
       rrx zoo eval --job i [--model DIR] [--plan FILE] [--backend B] [--eval-threads n]
       rrx zoo publish [--plan FILE] [--to DIR]

The zoo: every thesis cell trained on MNIST-MAJ and FashionMNIST-MAJ (T = 12), and the thesis's
Experiment 1 (Shallow and Deep on single images, T = 1, 4, 7), one training job per model, each with
its recipe (docs/zoo.md). Jobs live in <plan folder>/runs/<job id>/.

  plan      write the plan file (default ${DEFAULT_PLAN}: jobs 0–19 the ten cells × two datasets on
            MAJ, jobs 20–31 Experiment 1) and list its jobs. --tasks, --cells, --datasets, --epochs,
            --limit and --eval-n make a smaller plan (tests, trials); --aopc N and --randomisation N
            set the faithfulness checks of each evaluation (sequences; defaults 500 and 100; 0: off).
            An existing plan that differs is kept unless --force.
  run       run job i (--job i, or the index a batch engine sets: ${'JOB_COMPLETION_INDEX'} (Kubernetes
            Indexed Jobs), SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX); without an index, every
            unfinished job in turn, skipping those another process holds, so two \`rrx zoo run\`
            side by side share the queue; --jobs 4,9,14,19 or 0-3 runs those in that order (to keep
            the slow jobs on one process). A job trains (continuing from its last checkpoint when run
            again), then evaluates its final weights on the test split (eval.json); a finished job
            does nothing. Ctrl-C or SIGTERM saves a checkpoint and stops (exit 130).
  status    each job's state, epoch, accuracy (validation, test), the bar and the thesis's figure,
            and the training time
  eval      evaluate a job's current weights (also mid-training) into its eval.json; with --model
            DIR, the model in DIR as that job's (e.g. a bundled model from before the zoo), into
            DIR/eval.json
  publish   copy every job's latest model (and its eval.json when it belongs to those weights) into
            the explorer's bundle (default public/models) and rewrite its index.json; jobs with no
            model keep the bundle's earlier one

Options:
  --plan FILE        the plan file (default ${DEFAULT_PLAN})
  --backend B        TF.js backend: ${NODE_BACKENDS.join(', ')} (default wasm)
  --eval-threads n   worker threads of the evaluation (default: one per core)
  --json             status as JSON`;

export const command: Command = {
  name: 'zoo',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'plan':
        return planCmd(rest);
      case 'run':
        return runCmd(rest);
      case 'status':
        return statusCmd(rest);
      case 'eval':
        return evalCmd(rest);
      case 'publish':
        return publishCmd(rest);
      default:
        throw new UsageError(sub ? `unknown zoo command "${sub}"; valid: plan, run, status, eval, publish` : 'a zoo command is required: plan, run, status, eval or publish');
    }
  },
};

const list = (v: string | undefined) => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean));

async function planCmd(argv: string[]): Promise<number> {
  const { values: v } = parse(argv, {
    tasks: { type: 'string' },
    cells: { type: 'string' },
    datasets: { type: 'string' },
    epochs: { type: 'string' },
    limit: { type: 'string' },
    'eval-n': { type: 'string' },
    aopc: { type: 'string' },
    randomisation: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  });
  const aopcN = intOpt('aopc', v.aopc, 0, 1_000_000) ?? ZOO_FAITHFULNESS.aopcN;
  const randomisationN = intOpt('randomisation', v.randomisation, 0, 1_000_000) ?? ZOO_FAITHFULNESS.randomisationN;
  const cells = list(v.cells)?.map((c) => {
    if (!(ZOO_CELLS as readonly string[]).includes(c)) throw new UsageError(`--cells: "${c}" is not a thesis cell; valid: ${ZOO_CELLS.join(', ')}`);
    return c as ZooCell;
  });
  const datasets = list(v.datasets)?.map((d) => choiceOpt('datasets', d, ['mnist', 'fashion'] as const) as Dataset);
  const tasks = list(v.tasks)?.map((t) => choiceOpt('tasks', t, ZOO_TASKS) as ZooTask);
  let plan: ZooPlan;
  try {
    plan = makePlan({
    tasks,
    cells,
    datasets,
    epochs: intOpt('epochs', v.epochs, 1, 10_000),
    limit: intOpt('limit', v.limit, 1, 10_000_000),
    evalN: intOpt('eval-n', v['eval-n'], 1, 10_000_000),
    faithfulness: aopcN || randomisationN ? { ...ZOO_FAITHFULNESS, aopcN, randomisationN } : null,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const out = v.out ?? DEFAULT_PLAN;
  const text = `${JSON.stringify(plan, null, 2)}\n`;
  if (existsSync(out) && !v.force) {
    const old = await readFile(out, 'utf8');
    if (old !== text) throw new Error(`${out} already holds a different plan; its runs may depend on it. Pass --force to replace it, or --out another file`);
  } else {
    await writeFile(out, text);
  }
  console.log(`${out}: ${plan.jobs.length} jobs`);
  for (const j of plan.jobs) console.log(`  ${String(j.index).padStart(2)}  ${j.id.padEnd(30)} ${recipeText(j)}`);
  return 0;
}

function recipeText(j: ZooJob): string {
  const r = j.recipe;
  const sched = [`lr ${r.lr}`, ...r.lrSchedule.map((s) => `${s.lr} from epoch ${s.fromEpoch}`)].join(', ');
  return `${r.epochs} epochs; ${sched}; batch ${r.batch}; shuffle ${r.shuffle}; seed ${r.seed}${r.limit !== null ? `; limit ${r.limit}` : ''}`;
}

async function runCmd(argv: string[]): Promise<number> {
  const { values: v } = parse(argv, { plan: { type: 'string' }, job: { type: 'string' }, jobs: { type: 'string' }, backend: { type: 'string' }, 'eval-threads': { type: 'string' } });
  const planFile = v.plan ?? DEFAULT_PLAN;
  const plan = await readPlan(planFile);
  const root = path.dirname(planFile);
  if (v.job !== undefined && v.jobs !== undefined) throw new UsageError('give --job or --jobs, not both');
  const backend = choiceOpt('backend', v.backend, NODE_BACKENDS) ?? 'wasm';
  const evalThreads = intOpt('eval-threads', v['eval-threads'], 1, 64);
  let picked: ReturnType<typeof jobIndexFrom>;
  try {
    picked = jobIndexFrom(v.job, process.env, plan.jobs.length);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const say = (s: string) => console.log(`[zoo] ${s}`);
  let list: number[] | null = null;
  if (!picked && v.jobs !== undefined) {
    try {
      list = parseJobList(v.jobs, plan.jobs.length);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const jobs = picked ? [plan.jobs[picked.index]] : list ? list.map((i) => plan.jobs[i]) : plan.jobs;
  if (picked) say(`job ${picked.index} from ${picked.source}`);
  let busy = 0;
  for (const job of jobs) {
    const result = await runJob(plan, root, job, { backend, evalThreads, overrideForeignLock: picked !== null, say });
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

async function statusCmd(argv: string[]): Promise<number> {
  const { values: v } = parse(argv, { plan: { type: 'string' }, json: { type: 'boolean' } });
  const planFile = v.plan ?? DEFAULT_PLAN;
  const plan = await readPlan(planFile);
  const rows = await statusRows(plan, path.dirname(planFile));
  if (v.json) {
    console.log(JSON.stringify({ plan: planFile, jobs: rows }, null, 2));
    return 0;
  }
  const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(2)}%`);
  const head = ['job', 'id', 'state', 'epoch', 'val', 'test', 'bar', 'thesis', 'time'];
  const body = rows.map((r) => [String(r.index), r.id, r.state, `${r.epochsDone}/${r.epochs}`, pct(r.valAccuracy), pct(r.testAccuracy) + (r.testAccuracy !== null ? (r.meetsBar ? ' ✓' : ' ✗') : ''), pct(r.bar), pct(r.thesis), hours(r.wallTimeSeconds)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log([line(head), ...body.map(line)].join('\n'));
  const total = rows.reduce((a, r) => a + r.wallTimeSeconds, 0);
  const counts = rows.reduce<Record<string, number>>((a, r) => ({ ...a, [r.state]: (a[r.state] ?? 0) + 1 }), {});
  console.log(`\n${rows.length} jobs: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}; ${rows.filter((r) => r.meetsBar).length} at the bar; ${hours(total)} of training in all`);
  return 0;
}

/** One row of `rrx zoo status`. */
export async function statusRows(plan: ZooPlan, root: string) {
  return Promise.all(
    plan.jobs.map(async (job) => {
      const f = await readJobFiles(root, job);
      const t = jobTargets(job);
      const test = f.model?.complete ? f.model.testAccuracy : null;
      return {
        index: job.index,
        id: job.id,
        state: jobState(job, f),
        epochsDone: f.model?.epochsDone ?? 0,
        epochs: job.recipe.epochs,
        valAccuracy: f.model?.valAccuracy ?? null,
        testAccuracy: test,
        bar: t.bar,
        thesis: t.thesis,
        meetsBar: test !== null && test >= t.bar,
        wallTimeSeconds: f.model?.wallTimeSeconds ?? 0,
        lockedBy: f.lockedBy,
      };
    }),
  );
}

function hours(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return h ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

async function evalCmd(argv: string[]): Promise<number> {
  const { values: v } = parse(argv, { plan: { type: 'string' }, job: { type: 'string' }, model: { type: 'string' }, backend: { type: 'string' }, 'eval-threads': { type: 'string' } });
  const planFile = v.plan ?? DEFAULT_PLAN;
  const plan = await readPlan(planFile);
  if (v.job === undefined) throw new UsageError('--job i is required');
  const index = intOpt('job', v.job, 0, plan.jobs.length - 1)!;
  const job = plan.jobs[index];
  const dir = v.model ?? runDir(path.dirname(planFile), job);
  if (!v.model && !(await readJobFiles(path.dirname(planFile), job)).model) throw new Error(`job ${index} (${job.id}) has no model yet (${dir})`);
  const backend = choiceOpt('backend', v.backend, NODE_BACKENDS) ?? 'wasm';
  const doc = await evaluateJob(plan, job, dir, { backend, evalThreads: intOpt('eval-threads', v['eval-threads'], 1, 64) });
  await writeEval(dir, doc);
  console.log(`${dir}/eval.json: accuracy ${(100 * doc.accuracy).toFixed(2)}% on ${doc.n} test sequences (weights of epoch ${doc.model.epochsDone}); ${doc.seconds} s`);
  return 0;
}

async function publishCmd(argv: string[]): Promise<number> {
  const { values: v } = parse(argv, { plan: { type: 'string' }, to: { type: 'string' } });
  const planFile = v.plan ?? DEFAULT_PLAN;
  const plan = await readPlan(planFile);
  const to = v.to ?? 'public/models';
  const entries = await publish(plan, path.dirname(planFile), to, (s) => console.log(s));
  console.log(`${to}/index.json: ${entries.length} models`);
  return 0;
}
