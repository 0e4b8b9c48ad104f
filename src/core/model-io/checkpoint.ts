/**
 * Training checkpoints: where training stands and the optimiser's state, next to a model directory
 * (docs/model-format.md, "Checkpoints"). Two files:
 *   - `checkpoint.json`: format "rrx-checkpoint", version 1, the position (epochs done, batches of
 *     the next epoch done), the step count, the Adam settings, the wall time and epoch log so far, and a
 *     weights manifest of the Adam slots ("<param>/m", "<param>/v") in getWeights order;
 *   - `optimizer.bin`: the slots' values, float32 little-endian, in that order.
 * The model's own weights are the model.json + weights.bin written at the same moment.
 */
import type { Cell } from '../cells/types';
import type { AdamSettings } from '../train/adam';
import { adamSlotSpecs, type OptimizerSlot, type OptimizerState } from '../train/optimizer-state';
import type { TrainPosition } from '../train/types';
import { packFloat32LE, readFloat32LE } from './float32le';
import type { EpochLog, WeightsGroup } from './format';
import { ModelFormatError } from './model-format-error';
import { stringifyCompact } from './serialize-model';

export const CHECKPOINT_FORMAT = 'rrx-checkpoint';
export const CHECKPOINT_FORMAT_VERSION = 1;
export const CHECKPOINT_JSON_FILE = 'checkpoint.json';
export const OPTIMIZER_FILE = 'optimizer.bin';

export interface Checkpoint {
  position: TrainPosition;
  optimizer: { name: 'adam' } & AdamSettings;
  state: OptimizerState;
  /** Wall time of the training so far, all sessions together. */
  wallTimeSeconds: number;
  history: EpochLog[];
  created?: string;
}

interface CheckpointJson {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_FORMAT_VERSION;
  created: string;
  position: TrainPosition;
  iterations: number;
  optimizer: { name: 'adam' } & AdamSettings;
  wallTimeSeconds: number;
  history: EpochLog[];
  weightsManifest: WeightsGroup[];
}

export function serializeCheckpoint(c: Checkpoint): { checkpointJson: string; optimizerBin: ArrayBuffer } {
  const json: CheckpointJson = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_FORMAT_VERSION,
    created: c.created ?? new Date().toISOString(),
    position: { ...c.position },
    iterations: c.state.iterations,
    optimizer: { ...c.optimizer },
    wallTimeSeconds: c.wallTimeSeconds,
    history: c.history,
    weightsManifest: [
      { paths: [OPTIMIZER_FILE], weights: c.state.slots.map((s) => ({ name: s.name, shape: [...s.shape], dtype: 'float32' as const })) },
    ],
  };
  return { checkpointJson: stringifyCompact(json), optimizerBin: packFloat32LE(c.state.slots.map((s) => s.values)) };
}

/** Parses and validates a checkpoint for `cell` (slot names and shapes must be Adam's over its trainable weights). */
export function parseCheckpoint(checkpointJsonText: string, optimizerBin: ArrayBuffer, cell: Cell): Checkpoint {
  const J = CHECKPOINT_JSON_FILE;
  const fail = (where: string, msg: string) => new ModelFormatError('checkpoint', where, msg);
  let j: Partial<CheckpointJson>;
  try {
    j = JSON.parse(checkpointJsonText);
  } catch (err) {
    throw fail(J, `not valid JSON (${(err as Error).message})`);
  }
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw fail(J, 'the top level must be a JSON object');
  if (j.format !== CHECKPOINT_FORMAT) throw fail(`${J}: format`, `format ${JSON.stringify(j.format)}; a checkpoint has format "${CHECKPOINT_FORMAT}"`);
  if (j.version !== CHECKPOINT_FORMAT_VERSION) {
    throw fail(`${J}: version`, `version ${JSON.stringify(j.version)} is not supported; this program reads version ${CHECKPOINT_FORMAT_VERSION}`);
  }
  const pos = j.position;
  if (!pos || !Number.isInteger(pos.epoch) || !Number.isInteger(pos.batch) || pos.epoch < 0 || pos.batch < 0) {
    throw fail(`${J}: position`, `must be {epoch, batch} with non-negative integers, found ${JSON.stringify(pos)}`);
  }
  if (!Number.isInteger(j.iterations) || (j.iterations as number) < 0) throw fail(`${J}: iterations`, `must be a non-negative integer, found ${JSON.stringify(j.iterations)}`);
  const o = j.optimizer;
  if (!o || o.name !== 'adam' || ![o.lr, o.beta1, o.beta2, o.epsilon].every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw fail(`${J}: optimizer`, `must be {name: "adam", lr, beta1, beta2, epsilon}, found ${JSON.stringify(o)}`);
  }
  const group = Array.isArray(j.weightsManifest) && j.weightsManifest.length === 1 ? j.weightsManifest[0] : undefined;
  if (!group || !Array.isArray(group.weights) || group.paths?.[0] !== OPTIMIZER_FILE) {
    throw fail(`${J}: weightsManifest`, `must be one group with paths ["${OPTIMIZER_FILE}"]`);
  }
  const specs = adamSlotSpecs(cell);
  const entries = group.weights;
  if (entries.length !== 0 && entries.length !== specs.length) {
    throw fail(`${J}: weightsManifest`, `lists ${entries.length} optimizer slots; Adam over this cell's trainable weights has ${specs.length}`);
  }
  let need = 0;
  entries.forEach((e, i) => {
    const s = specs[i];
    if (e.name !== s.name || e.dtype !== 'float32' || JSON.stringify(e.shape) !== JSON.stringify(s.shape)) {
      throw fail(
        `${J}: weightsManifest[0].weights[${i}]`,
        `is ${JSON.stringify(e)}, expected {"name":"${s.name}","shape":[${s.shape}],"dtype":"float32"}`,
      );
    }
    need += s.shape.reduce((a, b) => a * b, 1) * 4;
  });
  if (optimizerBin.byteLength !== need) {
    throw fail(OPTIMIZER_FILE, `has ${optimizerBin.byteLength} bytes; the checkpoint's manifest needs ${need}`);
  }
  const slots: OptimizerSlot[] = [];
  let off = 0;
  entries.forEach((e, i) => {
    const n = specs[i].shape.reduce((a, b) => a * b, 1);
    const values = readFloat32LE(optimizerBin, off, n);
    const bad = values.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw fail(`${OPTIMIZER_FILE}: slot "${e.name}"`, `value ${values[bad]} at flat index ${bad}; all values must be finite`);
    slots.push({ name: e.name, shape: specs[i].shape, values });
    off += n * 4;
  });
  return {
    position: { epoch: pos.epoch, batch: pos.batch },
    optimizer: { name: 'adam', lr: o.lr, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon },
    state: { iterations: j.iterations as number, slots },
    wallTimeSeconds: typeof j.wallTimeSeconds === 'number' ? j.wallTimeSeconds : 0,
    history: Array.isArray(j.history) ? j.history : [],
    created: j.created,
  };
}
