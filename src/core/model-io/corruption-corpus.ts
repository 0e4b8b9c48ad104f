/**
 * A corpus of broken or mismatched model files, generated from one valid model, each with the error
 * code and a message fragment the loader must produce. Used by the Node tests and the browser
 * end-to-end test alike, so that both reject the same files in the same words.
 */
import { MODEL_FORMAT_VERSION, WEIGHTS_FILE } from './format';
import type { ModelErrorCode } from './model-format-error';

export interface CorruptionCase {
  /** Short id, e.g. "truncated-weights". */
  name: string;
  /** What was done to the valid files. */
  description: string;
  modelJson: string;
  weightsBin: ArrayBuffer;
  /** The ModelFormatError code the loader must throw. */
  code: ModelErrorCode;
  /** A fragment the error message must contain. */
  expect: string;
}

interface Entry {
  name: string;
  shape: number[];
  dtype: string;
}

/**
 * Builds the corpus from a valid model (the output of serializeModel for any cell with ≥ 2 weights,
 * at least one of them 2-D with two different sizes).
 */
export function corruptionCorpus(validJson: string, validBin: ArrayBuffer): CorruptionCase[] {
  const base = JSON.parse(validJson) as Record<string, any>;
  const entries = base.weightsManifest[0].weights as Entry[];
  const names = entries.map((e) => e.name);
  const sizes = entries.map((e) => e.shape.reduce((a, b) => a * b, 1));
  const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0) * 4);
  const cell = base.cell as { arch: string; T: number; width: number };
  const last2d = [...entries.keys()].reverse().find((i) => entries[i].shape.length === 2 && entries[i].shape[0] !== entries[i].shape[1]);
  if (last2d === undefined) throw new Error('corruptionCorpus: the model needs a 2-D weight with two different sizes');

  const cases: CorruptionCase[] = [];
  const add = (name: string, description: string, code: ModelErrorCode, expect: string, json: string, bin: ArrayBuffer = validBin) =>
    cases.push({ name, description, code, expect, modelJson: json, weightsBin: bin });
  /** A deep copy of model.json, changed by `f`. */
  const edit = (f: (j: Record<string, any>) => void): string => {
    const j = JSON.parse(validJson);
    f(j);
    return JSON.stringify(j, null, 2);
  };
  const withFloat = (index: number, value: number): ArrayBuffer => {
    const b = validBin.slice(0);
    new DataView(b).setFloat32(index, value, true);
    return b;
  };

  add('bad-json', 'model.json cut in the middle', 'json-syntax', 'not valid JSON', validJson.slice(0, Math.floor(validJson.length / 2)));
  add('not-an-object', 'model.json holds an array', 'not-object', 'the top level must be a JSON object, found an array', '[1, 2, 3]');
  add('wrong-format', 'format "layers-model" (a Keras model)', 'format', 'format "layers-model"', edit((j) => (j.format = 'layers-model')));
  add('unknown-version', `version ${MODEL_FORMAT_VERSION + 1}`, 'version', `version ${MODEL_FORMAT_VERSION + 1} is not supported`, edit((j) => (j.version = MODEL_FORMAT_VERSION + 1)));
  add('unknown-preset', 'preset "deep-v3"', 'preset', 'unknown preset "deep-v3"', edit((j) => (j.preset = 'deep-v3')));
  add('missing-cell-options', 'no "cell" object', 'cell-options', 'the cell options must be an object, found nothing', edit((j) => delete j.cell));
  add('bad-bias', 'cell.bias "relu"', 'cell-options', 'bias "relu" is not one of zero, softplus', edit((j) => (j.cell.bias = 'relu')));
  const otherArch = cell.arch.includes('lstm') ? 'deep' : 'r-lstm';
  add('arch-mismatch', `cell.arch "${otherArch}" under preset "${base.preset}"`, 'preset-mismatch', `but the cell options say ${otherArch}`,
    edit((j) => (j.cell.arch = otherArch)));
  add('wrong-architecture', `preset and cell say "${otherArch}", the weights are ${base.preset}'s`, 'weight-missing', 'missing weight',
    edit((j) => {
      j.preset = otherArch;
      j.cell.arch = otherArch;
      j.cell.dropout = 'standard';
      delete j.cell.lstmUnits;
    }));
  add('T-not-dividing-width', `cell.T = 5 on width ${cell.width}`, 'cell-options', `T = 5 does not divide the image width ${cell.width}`,
    edit((j) => {
      j.cell.T = 5;
      if (j.training) j.training.T = 5;
    }));
  const otherT = cell.T === 1 ? cell.width : 1;
  add('wrong-T-for-weights', `cell.T = ${otherT} (the weights were made for T = ${cell.T})`, 'weight-shape', `(T = ${otherT}, width ${cell.width}`,
    edit((j) => {
      j.cell.T = otherT;
      if (j.training) j.training.T = otherT;
    }));
  add('training-T-mismatch', `training.T = ${otherT} while cell.T = ${cell.T}`, 'training', `the training record says T = ${otherT}`,
    edit((j) => (j.training = { ...(j.training ?? {}), T: otherT })));
  add('missing-manifest', 'no "weightsManifest"', 'manifest', 'model.json must list the weights in "weightsManifest"', edit((j) => delete j.weightsManifest));
  add('manifest-wrong-path', 'paths ["model.weights.bin"]', 'manifest', `must be ["${WEIGHTS_FILE}"], found ["model.weights.bin"]`,
    edit((j) => (j.weightsManifest[0].paths = ['model.weights.bin'])));
  add('bad-shape-entry', `shape [-1, 5] for "${names[0]}"`, 'weight-entry', `weight "${names[0]}": "shape" must be a list of non-negative integers`,
    edit((j) => (j.weightsManifest[0].weights[0].shape = [-1, 5])));
  add('duplicate-weight', `"${names[0]}" listed twice`, 'weight-duplicate', `weight "${names[0]}" is listed twice`,
    edit((j) => (j.weightsManifest[0].weights[1].name = names[0])));
  const lastName = names[names.length - 1];
  add('missing-weight', `"${lastName}" left out (and its bytes)`, 'weight-missing', `missing weight "${lastName}"`,
    edit((j) => j.weightsManifest[0].weights.pop()), validBin.slice(0, offsets[names.length - 1]));
  add('extra-weight', 'an extra weight "extra/W" [2,2] with its 16 bytes', 'weight-extra', 'unexpected weight "extra/W"',
    edit((j) => j.weightsManifest[0].weights.push({ name: 'extra/W', shape: [2, 2], dtype: 'float32' })), concat(validBin, new ArrayBuffer(16)));
  add('reordered-weights', `"${names[0]}" and "${names[1]}" swapped`, 'weight-order', `weight 0 is "${names[1]}"`,
    edit((j) => {
      const w = j.weightsManifest[0].weights;
      [w[0], w[1]] = [w[1], w[0]];
    }));
  add('wrong-dtype', `dtype "int32" for "${names[0]}"`, 'weight-dtype', `weight "${names[0]}" has dtype "int32"`,
    edit((j) => (j.weightsManifest[0].weights[0].dtype = 'int32')));
  const swapped = [...entries[last2d].shape].reverse();
  add('wrong-shape', `"${names[last2d]}" declared [${swapped}] (transposed)`, 'weight-shape', `weight "${names[last2d]}" has shape [${swapped.join(',')}]`,
    edit((j) => (j.weightsManifest[0].weights[last2d].shape = swapped)));
  add('truncated-weights', 'weights.bin missing its last 100 bytes', 'byte-length', 'truncated: 100 bytes missing', validJson, validBin.slice(0, validBin.byteLength - 100));
  add('oversized-weights', 'weights.bin with 8 bytes appended', 'byte-length', '8 extra bytes at the end', validJson, concat(validBin, new ArrayBuffer(8)));
  add('empty-weights', 'weights.bin of 0 bytes', 'byte-length', `has 0 bytes but the manifest's ${names.length} float32 weights need ${validBin.byteLength} bytes`, validJson, new ArrayBuffer(0));
  add('nan-value', `NaN at flat index 7 of "${names[0]}"`, 'non-finite', `weight "${names[0]}": value NaN at flat index 7`, validJson, withFloat(offsets[0] + 7 * 4, NaN));
  add('infinite-value', `−Infinity at flat index 3 of "${names[last2d]}"`, 'non-finite', `weight "${names[last2d]}": value -Infinity at flat index 3`,
    validJson, withFloat(offsets[last2d] + 3 * 4, -Infinity));
  return cases;
}

function concat(a: ArrayBuffer, b: ArrayBuffer): ArrayBuffer {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(new Uint8Array(a), 0);
  out.set(new Uint8Array(b), a.byteLength);
  return out.buffer;
}
