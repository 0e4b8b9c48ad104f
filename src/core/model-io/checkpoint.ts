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
import { brief, stripBom } from './brief';
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
  /** SHA-256 (hex) of the weights.bin saved with this checkpoint; checked on resume when present. */
  weightsSha256?: string;
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
  weightsSha256?: string;
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
    ...(c.weightsSha256 ? { weightsSha256: c.weightsSha256 } : {}),
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
    j = JSON.parse(stripBom(checkpointJsonText));
  } catch (err) {
    throw fail(J, err instanceof RangeError ? 'nested too deeply to read' : `not valid JSON (${brief((err as Error).message, 120)})`);
  }
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw fail(J, 'the top level must be a JSON object');
  if (j.format !== CHECKPOINT_FORMAT) throw fail(`${J}: format`, `format ${brief(j.format)}; a checkpoint has format "${CHECKPOINT_FORMAT}"`);
  if (j.version !== CHECKPOINT_FORMAT_VERSION) {
    throw fail(`${J}: version`, `version ${brief(j.version)} is not supported; this program reads version ${CHECKPOINT_FORMAT_VERSION}`);
  }
  const pos = j.position;
  const count = (x: unknown) => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 1e12;
  if (!pos || typeof pos !== 'object' || !count(pos.epoch) || !count(pos.batch)) {
    throw fail(`${J}: position`, `must be {epoch, batch} with non-negative integers, found ${brief(pos)}`);
  }
  if (!count(j.iterations)) throw fail(`${J}: iterations`, `must be a non-negative integer, found ${brief(j.iterations)}`);
  const o = j.optimizer;
  if (!o || typeof o !== 'object' || o.name !== 'adam' || ![o.lr, o.beta1, o.beta2, o.epsilon].every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw fail(`${J}: optimizer`, `must be {name: "adam", lr, beta1, beta2, epsilon}, found ${brief(o)}`);
  }
  if (!(o.lr > 0 && o.lr <= 10)) throw fail(`${J}: optimizer.lr`, `learning rate ${o.lr} is not in (0, 10]`);
  if (!(o.beta1 >= 0 && o.beta1 < 1)) throw fail(`${J}: optimizer.beta1`, `beta1 ${o.beta1} is not in [0, 1)`);
  if (!(o.beta2 >= 0 && o.beta2 < 1)) throw fail(`${J}: optimizer.beta2`, `beta2 ${o.beta2} is not in [0, 1)`);
  if (!(o.epsilon > 0 && o.epsilon < 1)) throw fail(`${J}: optimizer.epsilon`, `epsilon ${o.epsilon} is not in (0, 1)`);
  if (j.wallTimeSeconds !== undefined && !(typeof j.wallTimeSeconds === 'number' && Number.isFinite(j.wallTimeSeconds) && j.wallTimeSeconds >= 0)) {
    throw fail(`${J}: wallTimeSeconds`, `must be a non-negative number, found ${brief(j.wallTimeSeconds)}`);
  }
  if (j.history !== undefined && (!Array.isArray(j.history) || j.history.some((h) => typeof h !== 'object' || h === null || !count((h as EpochLog).epoch)))) {
    throw fail(`${J}: history`, `must be a list of epoch entries {epoch, loss, …}, found ${brief(j.history)}`);
  }
  if (j.weightsSha256 !== undefined && !(typeof j.weightsSha256 === 'string' && /^[0-9a-f]{64}$/.test(j.weightsSha256))) {
    throw fail(`${J}: weightsSha256`, `must be 64 hex digits, found ${brief(j.weightsSha256)}`);
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
    const shapeOk = Array.isArray(e?.shape) && e.shape.length === s.shape.length && e.shape.every((d, k) => d === s.shape[k]);
    if (!e || e.name !== s.name || e.dtype !== 'float32' || !shapeOk) {
      throw fail(
        `${J}: weightsManifest[0].weights[${i}]`,
        `is ${brief(e)}, expected {"name":"${s.name}","shape":[${s.shape}],"dtype":"float32"}`,
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
    created: typeof j.created === 'string' ? j.created.slice(0, 40) : undefined,
    ...(j.weightsSha256 ? { weightsSha256: j.weightsSha256 } : {}),
  };
}
