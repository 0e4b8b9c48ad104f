/**
 * The worker's models: named slots (the grid's columns), each a cell, its weights (tf.Variables),
 * its model.json metadata and a plain summary for the page. Replacing a slot disposes the old
 * weights; a failed load never touches what the slot held.
 */
import * as tf from '../core/tf';
import { cellFromPreset, countParams, createCell, getPreset, initWeights, type BuiltCell, type PresetId, type Weights } from '../core/cells';
import type { ModelMetrics, TrainingRecord } from '../core/model-io/format';
import { parseModelWith } from '../core/model-io/parse-model';
import { createVariables } from '../core/model-io/variables';
import { prepareWeights, type PreparedWeights } from '../core/explain/propagate/cell-weights';
import type { ModelSource, ModelSummary, TaskId } from '../protocol/messages';

export interface Model {
  cell: BuiltCell;
  weights: Weights;
  preset: PresetId;
  source: ModelSource;
  detail: string;
  training: TrainingRecord | null;
  metrics: ModelMetrics | null;
}

/** Image width and default number of steps of a task (facts §1.1: MAJ T = 12; sequence task T = 7, as the CLI). */
export const TASK_SHAPE: Record<TaskId, { width: number; T: number }> = { maj: { width: 84, T: 12 }, seq: { width: 28, T: 7 } };

/** The page's view of a model: names, both parameter counts (cells' countParams) and the metadata. */
export function summarize(slot: string, m: Model): ModelSummary {
  const counts = countParams(m.cell);
  return {
    slot,
    preset: m.preset,
    arch: m.cell.options.arch,
    name: getPreset(m.preset).name,
    T: m.cell.options.T,
    width: m.cell.options.width,
    parameters: counts.true,
    parametersThesis: counts.thesis,
    source: m.source,
    detail: m.detail,
    training: m.training,
    metrics: m.metrics,
  };
}

/** Fresh seeded weights for a preset on a task (the caller owns the variables). */
export function freshModel(preset: string, task: TaskId, seed: number, T?: number): Model {
  const shape = TASK_SHAPE[task];
  const cell = cellFromPreset(preset, { T: T ?? shape.T, width: shape.width });
  const weights = initWeights(cell, seed);
  return { cell, weights, preset: getPreset(preset).id, source: 'init', detail: `random weights, seed ${seed}`, training: null, metrics: null };
}

/** Parses a model file pair with the core loader (every check of model-io) and makes its variables. */
export function modelFromFiles(json: Uint8Array, weights: Uint8Array, name: string, source: ModelSource = 'file'): Model {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(json);
  // parseModelWith reads the whole ArrayBuffer and copies the values out: a view that covers its
  // buffer (what the page transfers) is used as it is; only a view into a larger buffer is copied.
  const whole = weights.byteOffset === 0 && weights.byteLength === weights.buffer.byteLength && weights.buffer instanceof ArrayBuffer;
  const bin = whole ? (weights.buffer as ArrayBuffer) : weights.slice().buffer;
  const parsed = parseModelWith(createCell, text, bin);
  const cell = parsed.cell as BuiltCell;
  const vars = createVariables(cell, parsed.weights);
  const t = parsed.meta.training;
  const detail = t ? `${name} · trained on ${t.dataset}-${t.task}, ${t.epochs} epoch(s) on ${t.backend}` : name;
  return { cell, weights: vars, preset: parsed.meta.preset, source, detail, training: t, metrics: parsed.meta.metrics };
}

export class ModelSlots {
  private readonly slots = new Map<string, Model>();
  /** Weights prepared for explanations, per model, with the data ids they were made from. */
  private readonly prepared = new Map<Model, { p: PreparedWeights; data: object[] }>();

  /**
   * The model's weights prepared for explanations (splits, transposes: core prepareWeights), made on first
   * use and kept with the slot. Training replaces a variable's data (assign), so the data ids are
   * compared at every call and a changed model is prepared again.
   */
  preparedFor(m: Model): PreparedWeights {
    const data = Object.values(m.weights).map((t) => t.dataId);
    const hit = this.prepared.get(m);
    if (hit && hit.data.length === data.length && hit.data.every((d, i) => d === data[i])) return hit.p;
    hit?.p.dispose();
    const p = prepareWeights(m.cell, m.weights);
    this.prepared.set(m, { p, data });
    return p;
  }

  private release(m: Model): void {
    this.prepared.get(m)?.p.dispose();
    this.prepared.delete(m);
  }
  /** The slot set last (the default of the single-sequence `explain` call). */
  private last: string | null = null;

  get(slot: string): Model | undefined {
    return this.slots.get(slot);
  }

  /** The model of `slot` (default: the last one set); throws a message for the page when empty. */
  require(slot?: string): Model {
    const name = slot ?? this.last;
    const m = name === null ? undefined : this.slots.get(name);
    if (!m) {
      throw new Error(
        name === null ? 'no model: train one, load a model file pair, or initialise one first' : `no model in slot "${name}" (slots: ${this.names().join(', ') || 'none'})`,
      );
    }
    return m;
  }

  names(): string[] {
    return [...this.slots.keys()];
  }

  /** Makes `next` the model of `slot` and disposes the weights it held before. */
  set(slot: string, next: Model): ModelSummary {
    const old = this.slots.get(slot);
    this.slots.set(slot, next);
    this.last = slot;
    if (old && old !== next) this.release(old);
    if (old && old.weights !== next.weights) tf.dispose(Object.values(old.weights));
    return summarize(slot, next);
  }

  /** Frees a slot; false when it was empty. */
  remove(slot: string): boolean {
    const old = this.slots.get(slot);
    if (!old) return false;
    this.slots.delete(slot);
    if (this.last === slot) this.last = null;
    this.release(old);
    tf.dispose(Object.values(old.weights));
    return true;
  }
}
