/**
 * The zoo: the thesis's ten MAJ cells × {MNIST-MAJ, FashionMNIST-MAJ}, T = 12, as a plan of independent
 * training jobs (docs/zoo.md). Pure data and functions: the plan file, each job's recipe, the job index
 * from a batch engine's environment, and a job's state from its files' metadata. Running a job (files,
 * locks, training, evaluation) is in src/cli/zoo/.
 *
 * Job i is addressed by its index in `plan.jobs`, so any job-array runner (Kubernetes Indexed Jobs,
 * SLURM arrays, AWS Batch array jobs) can run the jobs side by side.
 */
import { checkFaithfulness, type JobFaithfulness } from '../jobs/faithfulness';
import { checkRecipe, withEpochs, type Recipe } from '../jobs/recipe';
import type { Dataset } from '../model-io/format';
import { accuracyBar, SEQ_CELLS, SEQ_STEPS, THESIS_ACCURACY, THESIS_SEQ_ACCURACY, ZOO_CELLS, ZOO_METHODS, type SeqCell, type SeqSteps, type ZooCell } from './thesis';

/** How one model is trained: `rrx train` options, recorded in the model's model.json (src/core/jobs/recipe.ts). */
export type ZooRecipe = Recipe;

// The job index, job lists and job states are shared with the study (src/core/jobs/).
export { JOB_INDEX_VARIABLES, jobIndexFrom, parseJobList } from '../jobs/job-index';
export { jobState, type JobFiles, type JobState } from '../jobs/job-state';

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

/** Region perturbation (AOPC) and cascading randomisation on the first test sequences (src/core/jobs/faithfulness.ts). */
export type ZooFaithfulness = JobFaithfulness;

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
    let recipe = zooRecipe(cell, task);
    if (o.epochs !== undefined) recipe = withEpochs(recipe, o.epochs);
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
  (o as ZooPlan).faithfulness = checkFaithfulness(o!.faithfulness, fail);
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
    checkRecipe(j.recipe, `${at}.recipe`, fail);
  });
  return o as ZooPlan;
}

/** The accuracy bar and the thesis's accuracy of a job (Tables 4.2, 4.4–4.6), as fractions. */
export function jobTargets(job: ZooJob): { bar: number; thesis: number } {
  const frac = (pct: number) => Number((pct / 100).toFixed(6));
  if (job.task === 'seq') {
    return { bar: frac(job.dataset === 'mnist' ? 98 : 85), thesis: frac(THESIS_SEQ_ACCURACY[job.cell as SeqCell][job.T as SeqSteps][job.dataset]) };
  }
  return { bar: frac(accuracyBar(job.cell, job.dataset)), thesis: frac(THESIS_ACCURACY[job.cell][job.dataset]) };
}
