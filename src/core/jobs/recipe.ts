/**
 * A training job's recipe: the `rrx train` options one job trains with, as plain data in a plan file.
 * Shared by the zoo's plan (src/core/zoo/plan.ts) and the study's (src/core/study/plan.ts).
 */
import { checkLrSchedule, type LrStep, type ShuffleMode } from '../train/types';

/** How one model is trained: `rrx train` options, recorded in the model's model.json. */
export interface Recipe {
  epochs: number;
  /** Learning rate of epoch 1 (and of every epoch before the schedule's first step). */
  lr: number;
  lrSchedule: LrStep[];
  batch: number;
  seed: number;
  shuffle: ShuffleMode;
  /** Train on a seeded subset of this many sequences (small-scale runs); null: all of them. */
  limit: number | null;
}

/** The recipe with `epochs` epochs in all: the schedule keeps only the steps that fall inside. */
export function withEpochs(r: Recipe, epochs: number): Recipe {
  return { ...r, epochs, lrSchedule: r.lrSchedule.filter((s) => s.fromEpoch <= epochs) };
}

/**
 * Checks a parsed recipe; `fail` throws with a message (prefixed with `at` by this function).
 * Epochs 1…10,000, batch 1…100,000, lr in (0, 10], seed 0…2³²−1, shuffle fixed|epoch, limit a
 * positive integer or null, an increasing schedule.
 */
export function checkRecipe(x: unknown, at: string, fail: (msg: string) => never): Recipe {
  const r = x as Partial<Recipe> | undefined;
  if (!r || typeof r !== 'object') fail(`${at} is missing`);
  const posInt = (k: 'epochs' | 'batch', max: number) => {
    if (!(Number.isInteger(r![k]) && r![k]! >= 1 && r![k]! <= max)) fail(`${at}.${k} must be an integer in 1…${max}`);
  };
  posInt('epochs', 10_000);
  posInt('batch', 100_000);
  if (!(typeof r!.lr === 'number' && r!.lr > 0 && r!.lr <= 10)) fail(`${at}.lr must be in (0, 10]`);
  if (!(Number.isInteger(r!.seed) && r!.seed! >= 0 && r!.seed! < 2 ** 32)) fail(`${at}.seed must be an integer in 0…2^32−1`);
  if (r!.shuffle !== 'fixed' && r!.shuffle !== 'epoch') fail(`${at}.shuffle must be fixed or epoch`);
  if (r!.limit !== null && !(Number.isInteger(r!.limit) && r!.limit! > 0)) fail(`${at}.limit must be a positive integer or null`);
  if (!Array.isArray(r!.lrSchedule)) fail(`${at}.lrSchedule must be a list`);
  try {
    checkLrSchedule(r!.lrSchedule!);
  } catch (err) {
    fail(`${at}: ${(err as Error).message}`);
  }
  return r as Recipe;
}

/** One line: "30 epochs; lr 0.001, 0.0003 from epoch 16; batch 50; shuffle epoch; seed 71; limit 1500". */
export function recipeText(r: Recipe): string {
  const sched = [`lr ${r.lr}`, ...r.lrSchedule.map((s) => `${s.lr} from epoch ${s.fromEpoch}`)].join(', ');
  return `${r.epochs} epochs; ${sched}; batch ${r.batch}; shuffle ${r.shuffle}; seed ${r.seed}${r.limit !== null ? `; limit ${r.limit}` : ''}`;
}
