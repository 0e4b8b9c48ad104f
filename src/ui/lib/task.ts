/**
 * The two tasks of the page (pure): MAJ (three 28 × 28 images side by side, 28 × 84; the label is the
 * class that appears twice, facts §6.2) and the sequence task of the thesis's Experiment 1 (§4.2: one
 * 28 × 28 image read as T column strips; the label is the image's class, there is no mask).
 */
import type { TaskId } from '../../protocol/messages';
import { labelAndMask } from './majority';

/** Image width per task (the height is always 28). */
export const TASK_WIDTH: Readonly<Record<TaskId, 28 | 84>> = { maj: 84, seq: 28 };
/** 28 × 28 images per sequence. */
export const TASK_BLOCKS: Readonly<Record<TaskId, 1 | 3>> = { maj: 3, seq: 1 };

/** The task of a model from the width of the images it reads (null: neither). */
export function taskOfWidth(width: number | null | undefined): TaskId | null {
  return width === 84 ? 'maj' : width === 28 ? 'seq' : null;
}

/**
 * What the grid explains, from the blocks' classes (null: not stated): MAJ, the class appearing at least
 * twice and the mask of its blocks (none repeats: no label); the sequence task, the image's class and no
 * mask. A null label makes the grid explain the predicted class.
 */
export function taskLabel(task: TaskId, classes: readonly (number | null)[]): { label: number | null; mask: number[] | null } {
  if (task === 'seq') return { label: classes[0] ?? null, mask: null };
  const lm = labelAndMask(classes);
  return { label: lm?.label ?? null, mask: lm?.mask ?? null };
}
