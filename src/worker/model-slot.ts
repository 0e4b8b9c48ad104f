/**
 * The worker's current model: a cell, its weights (tf.Variables) and a plain summary for the page.
 * Replacing it disposes the old weights; a failed load never touches the current model.
 */
import * as tf from '../core/tf';
import { cellFromPreset, countParams, createCell, getPreset, initWeights, type BuiltCell, type PresetId, type Weights } from '../core/cells';
import { parseModelWith } from '../core/model-io/parse-model';
import { createVariables } from '../core/model-io/variables';
import type { ModelSummary, TaskId } from '../protocol/messages';

export interface Model {
  cell: BuiltCell;
  weights: Weights;
  summary: ModelSummary;
}

/** Image width and default number of steps of a task (facts §1.1: MAJ T = 12; sequence task T = 7, as the CLI). */
export const TASK_SHAPE: Record<TaskId, { width: number; T: number }> = { maj: { width: 84, T: 12 }, seq: { width: 28, T: 7 } };

export function summarize(cell: BuiltCell, preset: PresetId | null, source: ModelSummary['source'], detail: string): ModelSummary {
  return {
    preset,
    arch: cell.options.arch,
    name: preset ? getPreset(preset).name : cell.options.arch,
    T: cell.options.T,
    width: cell.options.width,
    parameters: countParams(cell).true,
    source,
    detail,
  };
}

/** Fresh seeded weights for a preset on a task (the caller owns the variables). */
export function freshModel(preset: string, task: TaskId, seed: number, T?: number): Model {
  const shape = TASK_SHAPE[task];
  const cell = cellFromPreset(preset, { T: T ?? shape.T, width: shape.width });
  const weights = initWeights(cell, seed);
  const id = getPreset(preset).id;
  return { cell, weights, summary: summarize(cell, id, 'init', `seed ${seed}`) };
}

/** Parses a model file pair with the core loader (every check of model-io) and makes its variables. */
export function modelFromFiles(json: Uint8Array, weights: Uint8Array, name: string): Model {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(json);
  // parseModelWith reads the bytes through a DataView of its own ArrayBuffer: give it an exact copy.
  const bin = weights.slice().buffer;
  const parsed = parseModelWith(createCell, text, bin);
  const cell = parsed.cell as BuiltCell;
  const vars = createVariables(cell, parsed.weights);
  const t = parsed.meta.training;
  const detail = t ? `${name} · trained on ${t.dataset}-${t.task}, ${t.epochs} epoch(s) on ${t.backend}` : name;
  return { cell, weights: vars, summary: summarize(cell, parsed.meta.preset, 'file', detail) };
}

export class ModelSlot {
  private current: Model | null = null;

  get model(): Model | null {
    return this.current;
  }

  /** Makes `next` the current model and disposes the previous one's weights. */
  replace(next: Model): ModelSummary {
    const old = this.current;
    this.current = next;
    if (old && old.weights !== next.weights) tf.dispose(Object.values(old.weights));
    return next.summary;
  }
}
