/**
 * Writes a model in the rrx format (format.ts): `model.json` text and the `weights.bin` bytes.
 * Pure; the Node adapter (src/node/model-files.ts) and the browser write the two results to files.
 */
import type { Cell } from '../cells/types';
import type { PresetId } from '../cells/presets';
import { packFloat32LE } from './float32le';
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  WEIGHTS_FILE,
  type ModelJson,
  type ModelMetrics,
  type TrainingRecord,
} from './format';

export interface ModelToSave {
  cell: Cell;
  preset: PresetId;
  /** Every parameter's values by name (row-major), as read from the variables (variables.ts). */
  weights: Record<string, Float32Array>;
  training: TrainingRecord | null;
  metrics: ModelMetrics | null;
  /** Defaults to now. */
  created?: Date;
  /** Defaults to "rrx". */
  generatedBy?: string;
}

export interface SerializedModel {
  /** The text of model.json. */
  modelJson: string;
  /** The bytes of weights.bin. */
  weightsBin: ArrayBuffer;
}

/** Serialises a model; throws if a weight is missing or has the wrong number of values. */
export function serializeModel(m: ModelToSave): SerializedModel {
  const values: Float32Array[] = [];
  const entries = m.cell.params.map((p) => {
    const v = m.weights[p.name];
    const size = p.shape.reduce((a, b) => a * b, 1);
    if (!v) throw new Error(`serializeModel: no values for weight "${p.name}"`);
    if (v.length !== size) throw new Error(`serializeModel: weight "${p.name}" has ${v.length} values, its shape [${p.shape}] needs ${size}`);
    values.push(v);
    return { name: p.name, shape: [...p.shape], dtype: 'float32' as const };
  });
  const json: ModelJson = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    generatedBy: m.generatedBy ?? 'rrx',
    created: (m.created ?? new Date()).toISOString(),
    preset: m.preset,
    cell: { ...m.cell.options },
    training: m.training,
    metrics: m.metrics,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: entries }],
  };
  return { modelJson: stringifyCompact(json), weightsBin: packFloat32LE(values) };
}

/** JSON with 2-space indentation, but arrays of plain numbers kept on one line (shapes stay readable). */
export function stringifyCompact(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[\s*(-?[\d.eE+-]+(?:,\s*-?[\d.eE+-]+)*)\s*\]/g, (_, inner: string) => `[${inner.replace(/\s+/g, '')}]`) + '\n';
}
