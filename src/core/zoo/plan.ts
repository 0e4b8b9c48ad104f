/**
 * The zoo: the thesis's ten MAJ cells × {MNIST-MAJ, FashionMNIST-MAJ}, T = 12, as a plan of independent
 * training jobs (docs/zoo.md). Pure data and functions: the plan file, each job's recipe, the job index
 * from a batch engine's environment, and a job's state from its files' metadata. Running a job (files,
 * locks, training, evaluation) is in src/cli/zoo/.
 *
 * Job i is addressed by its index in `plan.jobs`, so any job-array runner (Kubernetes Indexed Jobs,
 * SLURM arrays, AWS Batch array jobs) can run the jobs side by side.
 */
import type { Dataset } from '../model-io/format';
import { checkLrSchedule, type LrStep, type ShuffleMode } from '../train/types';
import { accuracyBar, SEQ_CELLS, SEQ_STEPS, THESIS_ACCURACY, THESIS_SEQ_ACCURACY, ZOO_CELLS, ZOO_METHODS, type SeqCell, type SeqSteps, type ZooCell } from './thesis';

/** How one model is trained: `rrx train` options, recorded in the model's model.json. */
export interface ZooRecipe {
  epochs: number;
  /** Learning rate of epoch 1 (and of every epoch before the schedule's first step). */
  lr: number;
  lrSchedule: LrStep[];
  batch: number;
  seed: number;
  shuffle: ShuffleMode;
  /** Train on a seeded subset of this many sequences (small-scale tests); null: all 48,000. */
  limit: number | null;
}

export interface ZooJob {
  index: number;
  /** `<cell>-<dataset>-maj` or `<cell>-<dataset>-seq<T>`: the run directory's and the bundled model's name. */
  id: string;
  cell: ZooCell;
  dataset: Dataset;
  /** maj: the thesis's MAJ experiments (T = 12); seq: its Experiment 1 (one image, T ∈ {1, 4, 7}). */
  task: ZooTask;
  T: number;
  recipe: ZooRecipe;
}

export interface ZooPlan {
  format: 'rrx-zoo-plan';
  version: 1;
  /** Explanation methods of every job's evaluation (method specs of the registry). */
  methods: string[];
  /** Test sequences per evaluation (null: the whole test split, 10,000). */
  evalN: number | null;
  /** The faithfulness checks of every evaluation (docs/methods.md), or null for none. */
  faithfulness: ZooFaithfulness | null;
  jobs: ZooJob[];
}

/** Region perturbation (AOPC) and cascading randomisation on the first test sequences. */
export interface ZooFaithfulness {
  aopcN: number;
  aopcSteps: number;
  patch: number;
  fill: 'background' | 'noise';
  randomisationN: number;
}

/** The zoo's faithfulness settings: AOPC on 500 sequences over 30 patches of 4 × 4 (background), randomisation on 100. */
export const ZOO_FAITHFULNESS: ZooFaithfulness = { aopcN: 500, aopcSteps: 30, patch: 4, fill: 'background', randomisationN: 100 };

export const ZOO_DATASETS: readonly Dataset[] = ['mnist', 'fashion'];
export type ZooTask = 'maj' | 'seq';
export const ZOO_TASKS: readonly ZooTask[] = ['maj', 'seq'];

/** Cells by training cost on the 2-core machines (docs/zoo.md): dense/R-LSTM, conv, Conv⁺. */
export type CostClass = 'dense' | 'conv' | 'conv-plus';

export function costClass(cell: ZooCell): CostClass {
  if (cell.startsWith('conv-plus')) return 'conv-plus';
  if (cell.startsWith('conv')) return 'conv';
  return 'dense';
}

/**
 * The zoo's recipe for a cell. It departs from the thesis's (lr 2e-4 for 100–200 epochs, the same batch
 * order every epoch; thesis-code-facts.md §4.2) to reach its accuracy in fewer epochs on 2 CPU cores:
 * a 5× higher starting rate, stepped down twice (×0.3, then ×0.33), and a new batch order every epoch.
 * Epochs by cost: 30 for the dense and R-LSTM cells (≈ 40 s an epoch), 15 for ConvDeep and
 * ConvR-LSTM-SD (≈ 2.7 min), 10 for the Conv⁺ cells (≈ 10 min). The Deep family (Deep, Deep-SD,
 * DeepV2) on MAJ is the exception: with the fast recipe Deep ended at 96.76% on MNIST-MAJ, under the
 * bar (its dropout on the input twice over and on the state slows it), so it keeps the thesis's own
 * recipe: lr 2e-4 for 100 epochs, no steps. Everything else is the thesis's:
 * batch 50, Adam β 0.9/0.999 ε 1e-8, dropout keep 0.8, the 11-way loss, frozen zero biases.
 */
/** The cells that train with the thesis's recipe on MAJ (see zooRecipe). */
const DEEP_FAMILY: ReadonlySet<ZooCell> = new Set<ZooCell>(['deep', 'deep-sd', 'deep-v2']);

export function zooRecipe(cell: ZooCell, task: ZooTask = 'maj'): ZooRecipe {
  const base = { lr: 1e-3, batch: 50, seed: 71, shuffle: 'epoch' as const, limit: null };
  // Experiment 1's sequences are single images: 20 epochs, stepped down at 11 and 16.
  if (task === 'seq') return { ...base, epochs: 20, lrSchedule: [{ fromEpoch: 11, lr: 3e-4 }, { fromEpoch: 16, lr: 1e-4 }] };
  if (DEEP_FAMILY.has(cell)) return { ...base, lr: 2e-4, epochs: 100, lrSchedule: [] };
  switch (costClass(cell)) {
    case 'dense':
      return { ...base, epochs: 30, lrSchedule: [{ fromEpoch: 16, lr: 3e-4 }, { fromEpoch: 25, lr: 1e-4 }] };
    case 'conv':
      return { ...base, epochs: 15, lrSchedule: [{ fromEpoch: 9, lr: 3e-4 }, { fromEpoch: 13, lr: 1e-4 }] };
    case 'conv-plus':
      return { ...base, epochs: 10, lrSchedule: [{ fromEpoch: 6, lr: 3e-4 }, { fromEpoch: 9, lr: 1e-4 }] };
  }
}

export interface PlanOptions {
  /** Tasks to include (default both: the 20 MAJ jobs first, then Experiment 1's 12). */
  tasks?: readonly ZooTask[];
  /** Cells to include (default: the ten, in the thesis's order; Experiment 1 has Shallow and Deep only). */
  cells?: readonly ZooCell[];
  datasets?: readonly Dataset[];
  /** Override every recipe's epochs (the schedule keeps the steps that fall inside). */
  epochs?: number;
  /** Train on a seeded subset (small-scale runs). */
  limit?: number | null;
  /** Test sequences per evaluation (default: all). */
  evalN?: number | null;
  methods?: readonly string[];
  /** Faithfulness checks of the evaluations (default ZOO_FAITHFULNESS; null: none). */
  faithfulness?: ZooFaithfulness | null;
}

/**
 * The plan: the MAJ jobs — one per (dataset, cell), datasets outer, cells in the thesis's order
 * (jobs 0–19) — then Experiment 1's — one per (dataset, cell, T) for Shallow and Deep, T = 1, 4, 7
 * (jobs 20–31). Job indices never change when jobs are added after them.
 */
export function makePlan(o: PlanOptions = {}): ZooPlan {
  const datasets = o.datasets ?? ZOO_DATASETS;
  const tasks = o.tasks ?? ZOO_TASKS;
  const jobs: ZooJob[] = [];
  const add = (cell: ZooCell, dataset: Dataset, task: ZooTask, T: number) => {
    const recipe = zooRecipe(cell, task);
    if (o.epochs !== undefined) {
      recipe.epochs = o.epochs;
      recipe.lrSchedule = recipe.lrSchedule.filter((s) => s.fromEpoch <= o.epochs!);
    }
    if (o.limit !== undefined) recipe.limit = o.limit;
    jobs.push({ index: jobs.length, id: zooId(cell, dataset, task, T), cell, dataset, task, T, recipe });
  };
  if (tasks.includes('maj')) for (const dataset of datasets) for (const cell of o.cells ?? ZOO_CELLS) add(cell, dataset, 'maj', 12);
  if (tasks.includes('seq')) {
    const cells = (o.cells ?? SEQ_CELLS).filter((c): c is SeqCell => (SEQ_CELLS as readonly string[]).includes(c));
    for (const dataset of datasets) for (const cell of cells) for (const T of SEQ_STEPS) add(cell, dataset, 'seq', T);
  }
  if (!jobs.length) throw new Error('the plan has no jobs (Experiment 1 has only the cells shallow and deep)');
  const faithfulness = o.faithfulness === undefined ? { ...ZOO_FAITHFULNESS } : o.faithfulness;
  return { format: 'rrx-zoo-plan', version: 1, methods: [...(o.methods ?? ZOO_METHODS)], evalN: o.evalN ?? null, faithfulness, jobs };
}

export const zooId = (cell: ZooCell, dataset: Dataset, task: ZooTask = 'maj', T = 12) => (task === 'maj' ? `${cell}-${dataset}-maj` : `${cell}-${dataset}-seq${T}`);

/** Checks a parsed plan file; throws one line naming the first problem. */
export function validatePlan(x: unknown, source = 'plan'): ZooPlan {
  const fail = (msg: string): never => {
    throw new Error(`${source}: ${msg}`);
  };
  const o = x as Partial<ZooPlan> | null;
  if (!o || typeof o !== 'object') fail('not a JSON object');
  if (o!.format !== 'rrx-zoo-plan') fail(`format must be "rrx-zoo-plan", got ${JSON.stringify(o!.format)}`);
  if (o!.version !== 1) fail(`version ${JSON.stringify(o!.version)} is not supported (1 is)`);
  if (!Array.isArray(o!.methods) || o!.methods.some((m) => typeof m !== 'string')) fail('methods must be a list of method ids');
  if (o!.evalN !== null && !(Number.isInteger(o!.evalN) && o!.evalN! > 0)) fail('evalN must be a positive integer or null');
  if (!Array.isArray(o!.jobs) || o!.jobs.length === 0) fail('jobs must be a non-empty list');
  const f = o!.faithfulness as Partial<ZooFaithfulness> | null | undefined;
  if (f === undefined) (o as ZooPlan).faithfulness = null;
  else if (f !== null) {
    const cnt = (x: unknown) => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 1_000_000;
    if (typeof f !== 'object' || !cnt(f.aopcN) || !cnt(f.aopcSteps) || !cnt(f.randomisationN) || !(Number.isInteger(f.patch) && 28 % f.patch! === 0) || (f.fill !== 'background' && f.fill !== 'noise')) {
      fail('faithfulness must be null or {aopcN, aopcSteps, patch (dividing 28), fill: background|noise, randomisationN}');
    }
  }
  const ids = new Set<string>();
  o!.jobs!.forEach((j, i) => {
    const at = `jobs[${i}]`;
    if (!j || typeof j !== 'object') fail(`${at} is not an object`);
    if (j.index !== i) fail(`${at}.index is ${j.index}, expected ${i}`);
    if (!(ZOO_CELLS as readonly string[]).includes(j.cell)) fail(`${at}.cell "${j.cell}" is not one of ${ZOO_CELLS.join(', ')}`);
    if (!ZOO_DATASETS.includes(j.dataset)) fail(`${at}.dataset "${j.dataset}" is not mnist or fashion`);
    if (j.task === 'maj' ? j.T !== 12 : !(j.task === 'seq' && (SEQ_STEPS as readonly number[]).includes(j.T) && (SEQ_CELLS as readonly string[]).includes(j.cell))) {
      fail(`${at}: a zoo job is task maj with T = 12, or task seq with T = ${SEQ_STEPS.join(', ')} and cell ${SEQ_CELLS.join(' or ')}`);
    }
    if (typeof j.id !== 'string' || !/^[a-z0-9-]+$/.test(j.id)) fail(`${at}.id must be lower-case letters, digits and dashes`);
    if (ids.has(j.id)) fail(`${at}.id "${j.id}" appears twice`);
    ids.add(j.id);
    const r = j.recipe as Partial<ZooRecipe> | undefined;
    if (!r || typeof r !== 'object') fail(`${at}.recipe is missing`);
    const posInt = (k: 'epochs' | 'batch', max: number) => {
      if (!(Number.isInteger(r![k]) && r![k]! >= 1 && r![k]! <= max)) fail(`${at}.recipe.${k} must be an integer in 1…${max}`);
    };
    posInt('epochs', 10_000);
    posInt('batch', 100_000);
    if (!(typeof r!.lr === 'number' && r!.lr > 0 && r!.lr <= 10)) fail(`${at}.recipe.lr must be in (0, 10]`);
    if (!(Number.isInteger(r!.seed) && r!.seed! >= 0 && r!.seed! < 2 ** 32)) fail(`${at}.recipe.seed must be an integer in 0…2^32−1`);
    if (r!.shuffle !== 'fixed' && r!.shuffle !== 'epoch') fail(`${at}.recipe.shuffle must be fixed or epoch`);
    if (r!.limit !== null && !(Number.isInteger(r!.limit) && r!.limit! > 0)) fail(`${at}.recipe.limit must be a positive integer or null`);
    if (!Array.isArray(r!.lrSchedule)) fail(`${at}.recipe.lrSchedule must be a list`);
    try {
      checkLrSchedule(r!.lrSchedule!);
    } catch (err) {
      fail(`${at}.recipe: ${(err as Error).message}`);
    }
  });
  return o as ZooPlan;
}

/** Environment variables that carry an array job's index, by batch engine. */
export const JOB_INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID', 'AWS_BATCH_JOB_ARRAY_INDEX'] as const;

/**
 * The job index: `--job i` if given, else the first of JOB_INDEX_VARIABLES that is set, else null
 * (run every job in turn). Throws when the index is not an integer in range.
 */
export function jobIndexFrom(arg: string | undefined, env: Record<string, string | undefined>, jobs: number): { index: number; source: string } | null {
  let raw = arg;
  let source = '--job';
  if (raw === undefined) {
    const name = JOB_INDEX_VARIABLES.find((k) => env[k] !== undefined && env[k] !== '');
    if (!name) return null;
    raw = env[name];
    source = name;
  }
  const i = Number(raw);
  if (!/^\d+$/.test(String(raw).trim()) || !Number.isInteger(i) || i < 0 || i >= jobs) {
    throw new Error(`${source}=${raw}: the plan has jobs 0…${jobs - 1}`);
  }
  return { index: i, source };
}

/** `--jobs 0-3,9,14`: job indices in the given order, each in range, without repeats. */
export function parseJobList(text: string, jobs: number): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`--jobs: "${part}" is not an index or a range a-b`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new Error(`--jobs: the range ${part} runs backwards`);
    for (let i = a; i <= b; i++) {
      if (i >= jobs) throw new Error(`--jobs: job ${i} is not in the plan (jobs 0…${jobs - 1})`);
      if (!out.includes(i)) out.push(i);
    }
  }
  if (!out.length) throw new Error('--jobs: no job given');
  return out;
}

/** What a job's run directory tells about it (read from model.json, checkpoint and eval.json). */
export interface JobFiles {
  /** model.json's metrics, or null when no model has been written yet. */
  model: {
    epochsDone: number;
    iterations: number;
    complete: boolean;
    valAccuracy: number | null;
    testAccuracy: number | null;
    wallTimeSeconds: number;
  } | null;
  /** The iteration count of the model that eval.json evaluated, or null when there is none. */
  evalIterations: number | null;
  /** Whether another live process holds the job's lock. */
  lockedBy: string | null;
}

export type JobState = 'pending' | 'training' | 'running' | 'trained' | 'done';

/**
 * A job's state: pending (nothing written), training (some epochs done, not finished), running (a
 * live process holds it), trained (all epochs and the test accuracy, no evaluation of these weights),
 * done (evaluated: eval.json belongs to the final weights).
 */
export function jobState(job: ZooJob, f: JobFiles): JobState {
  if (f.lockedBy) return 'running';
  if (!f.model) return 'pending';
  if (!f.model.complete || f.model.epochsDone < job.recipe.epochs) return 'training';
  return f.evalIterations === f.model.iterations ? 'done' : 'trained';
}

/** The accuracy bar and the thesis's accuracy of a job (Tables 4.2, 4.4–4.6), as fractions. */
export function jobTargets(job: ZooJob): { bar: number; thesis: number } {
  const frac = (pct: number) => Number((pct / 100).toFixed(6));
  if (job.task === 'seq') {
    return { bar: frac(job.dataset === 'mnist' ? 98 : 85), thesis: frac(THESIS_SEQ_ACCURACY[job.cell as SeqCell][job.T as SeqSteps][job.dataset]) };
  }
  return { bar: frac(accuracyBar(job.cell, job.dataset)), thesis: frac(THESIS_ACCURACY[job.cell][job.dataset]) };
}
