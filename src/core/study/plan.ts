/**
 * The thesis's cross-validated study (§4.3.2, Appendix 2; docs/study.md) as a plan of independent
 * jobs. The training, test and validation sequences of a dataset's MAJ task are pooled and split
 * into k stratified folds (seed 71, docs/data.md); job i = one (cell, dataset, fold): train on the
 * other k − 1 folds, then evaluate accuracy and each method's cosine (and, when asked, the
 * region-perturbation AOPC) on the held-out fold. Pure data and functions; running a job is
 * src/cli/study/, its files src/node/study-files.ts.
 *
 * Jobs are ordered datasets outer, folds, then cells in the thesis's order, so that the first jobs
 * give every cell on fold 0 (a report over a partial study already compares all cells).
 */
import { KFOLD_K, SEEDS } from '../data/seeds';
import { checkFaithfulness, type JobFaithfulness } from '../jobs/faithfulness';
import { checkRecipe, withEpochs, type Recipe } from '../jobs/recipe';
import type { Dataset } from '../model-io/format';
import type { LrStep } from '../train/types';
import { zooRecipe } from '../zoo/plan';
import { ZOO_CELLS, ZOO_METHODS, type ZooCell } from '../zoo/thesis';

export interface StudyJob {
  index: number;
  /** `<cell>-<dataset>-fold<f>`: the run directory's name. */
  id: string;
  cell: ZooCell;
  dataset: Dataset;
  /** The held-out fold, 0…k−1. */
  fold: number;
  task: 'maj';
  T: 12;
  recipe: Recipe;
}

export interface StudyPlan {
  format: 'rrx-study-plan';
  version: 1;
  /** What the plan is, in words (written by `rrx study plan`; not read back). */
  description: string;
  cells: ZooCell[];
  datasets: Dataset[];
  /** k of the stratified k-fold over the pooled sequences. */
  folds: number;
  /** The k-fold's seed (the data layer's SEEDS.kfold; recorded so that the plan says it). */
  foldSeed: number;
  /** Explanation methods of every evaluation (method specs of the registry). */
  methods: string[];
  /** Held-out sequences evaluated per job, the first of the fold (null: the whole fold, ≈ 70,000 / k). */
  evalN: number | null;
  /** Region perturbation (AOPC) of every evaluation, or null for none. */
  faithfulness: JobFaithfulness | null;
  jobs: StudyJob[];
}

export const STUDY_DATASETS: readonly Dataset[] = ['mnist', 'fashion'];

export interface StudyPlanOptions {
  /** Default: the ten MAJ cells in the thesis's order. */
  cells?: readonly ZooCell[];
  /** Default: MNIST-MAJ and FashionMNIST-MAJ. */
  datasets?: readonly Dataset[];
  /** k (default 7, the thesis's). */
  folds?: number;
  /** Override every recipe's epochs (the schedule keeps the steps that fall inside). */
  epochs?: number;
  /** Every job's starting rate; its schedule is `lrSchedule` (default: none). */
  lr?: number;
  lrSchedule?: LrStep[];
  /** Train on a seeded subset of the k − 1 folds (small-scale runs). */
  limit?: number | null;
  evalN?: number | null;
  methods?: readonly string[];
  /** AOPC on the first `aopcN` held-out sequences (0 or absent: off). */
  aopc?: { n: number; steps: number; patch: number; fill: 'background' | 'noise' } | null;
}

/** A study job's recipe: the zoo's for its cell (docs/zoo.md), with the plan's overrides. */
export function studyRecipe(cell: ZooCell, o: Pick<StudyPlanOptions, 'epochs' | 'lr' | 'lrSchedule' | 'limit'> = {}): Recipe {
  let r = zooRecipe(cell, 'maj');
  if (o.lr !== undefined) r = { ...r, lr: o.lr, lrSchedule: [...(o.lrSchedule ?? [])] };
  else if (o.lrSchedule !== undefined) r = { ...r, lrSchedule: [...o.lrSchedule] };
  if (o.epochs !== undefined) r = withEpochs(r, o.epochs);
  if (o.limit !== undefined) r = { ...r, limit: o.limit };
  return r;
}

export const studyJobId = (cell: ZooCell, dataset: Dataset, fold: number) => `${cell}-${dataset}-fold${fold}`;

/** The plan: one job per (dataset, fold, cell), in that nesting. */
export function makeStudyPlan(o: StudyPlanOptions = {}): StudyPlan {
  const cells = [...(o.cells ?? ZOO_CELLS)];
  const datasets = [...(o.datasets ?? STUDY_DATASETS)];
  const folds = o.folds ?? KFOLD_K;
  if (!Number.isInteger(folds) || folds < 2 || folds > 255) throw new Error(`folds must be an integer in 2…255, got ${folds}`);
  if (!cells.length || !datasets.length) throw new Error('the plan needs at least one cell and one dataset');
  if (new Set(cells).size !== cells.length || new Set(datasets).size !== datasets.length) throw new Error('a cell or dataset is listed twice');
  const jobs: StudyJob[] = [];
  for (const dataset of datasets) {
    for (let fold = 0; fold < folds; fold++) {
      for (const cell of cells) jobs.push({ index: jobs.length, id: studyJobId(cell, dataset, fold), cell, dataset, fold, task: 'maj', T: 12, recipe: studyRecipe(cell, o) });
    }
  }
  const evalN = o.evalN ?? null;
  const faithfulness: JobFaithfulness | null = o.aopc && o.aopc.n > 0 ? { aopcN: o.aopc.n, aopcSteps: o.aopc.steps, patch: o.aopc.patch, fill: o.aopc.fill, randomisationN: 0 } : null;
  const description =
    `The cross-validated study of the thesis (§4.3.2): ${cells.length} cells × ${datasets.length} dataset${datasets.length > 1 ? 's' : ''} × ${folds} folds = ${jobs.length} jobs. ` +
    `Each dataset's MAJ training, test and validation sequences are pooled and split into ${folds} stratified folds (seed ${SEEDS.kfold}); ` +
    `job i trains its cell on every fold but its own (rrx train --fold f --folds ${folds}, the job's recipe) and evaluates accuracy and the cosine of each method ` +
    `${faithfulness ? '(and the AOPC) ' : ''}on ${evalN === null ? 'the whole held-out fold' : `the first ${evalN} sequences of the held-out fold`}. ` +
    'Run a job with `rrx study run --job i` (or JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX); merge with `rrx study report`. See docs/study.md.';
  return { format: 'rrx-study-plan', version: 1, description, cells, datasets, folds, foldSeed: SEEDS.kfold, methods: [...(o.methods ?? ZOO_METHODS)], evalN, faithfulness, jobs };
}

/** Checks a parsed plan file; throws one line naming the first problem. */
export function validateStudyPlan(x: unknown, source = 'plan'): StudyPlan {
  const fail = (msg: string): never => {
    throw new Error(`${source}: ${msg}`);
  };
  const o = x as Partial<StudyPlan> | null;
  if (!o || typeof o !== 'object' || Array.isArray(o)) fail('not a JSON object');
  if (o!.format !== 'rrx-study-plan') fail(`format must be "rrx-study-plan", got ${JSON.stringify(o!.format)}`);
  if (o!.version !== 1) fail(`version ${JSON.stringify(o!.version)} is not supported (1 is)`);
  if (!(Number.isInteger(o!.folds) && o!.folds! >= 2 && o!.folds! <= 255)) fail('folds must be an integer in 2…255');
  if (o!.foldSeed !== SEEDS.kfold) fail(`foldSeed must be ${SEEDS.kfold} (the data layer's k-fold seed), got ${JSON.stringify(o!.foldSeed)}`);
  const names = (k: 'cells' | 'datasets', valid: readonly string[]) => {
    const v = o![k] as unknown;
    if (!Array.isArray(v) || v.length === 0 || v.some((c) => !valid.includes(c)) || new Set(v).size !== v.length) fail(`${k} must be a non-empty list of distinct names from ${valid.join(', ')}`);
  };
  names('cells', ZOO_CELLS);
  names('datasets', STUDY_DATASETS);
  if (!Array.isArray(o!.methods) || o!.methods.length === 0 || o!.methods.some((m) => typeof m !== 'string')) fail('methods must be a non-empty list of method ids');
  if (o!.evalN !== null && !(Number.isInteger(o!.evalN) && o!.evalN! > 0)) fail('evalN must be a positive integer or null');
  (o as StudyPlan).faithfulness = checkFaithfulness(o!.faithfulness, fail);
  if (!Array.isArray(o!.jobs)) fail('jobs must be a list');
  const expected = o!.datasets!.length * o!.folds! * o!.cells!.length;
  if (o!.jobs!.length !== expected) fail(`jobs lists ${o!.jobs!.length} jobs; cells × datasets × folds is ${expected}`);
  const seen = new Set<string>();
  o!.jobs!.forEach((j, i) => {
    const at = `jobs[${i}]`;
    if (!j || typeof j !== 'object') fail(`${at} is not an object`);
    if (j.index !== i) fail(`${at}.index is ${j.index}, expected ${i}`);
    if (!o!.cells!.includes(j.cell)) fail(`${at}.cell "${j.cell}" is not one of the plan's cells`);
    if (!o!.datasets!.includes(j.dataset)) fail(`${at}.dataset "${j.dataset}" is not one of the plan's datasets`);
    if (!(Number.isInteger(j.fold) && j.fold >= 0 && j.fold < o!.folds!)) fail(`${at}.fold must be an integer in 0…${o!.folds! - 1}`);
    if (j.task !== 'maj' || j.T !== 12) fail(`${at}: a study job is task maj with T = 12`);
    if (j.id !== studyJobId(j.cell, j.dataset, j.fold)) fail(`${at}.id must be "${studyJobId(j.cell, j.dataset, j.fold)}"`);
    if (seen.has(j.id)) fail(`${at}.id "${j.id}" appears twice`);
    seen.add(j.id);
    checkRecipe(j.recipe, `${at}.recipe`, fail);
  });
  return o as StudyPlan;
}
