/**
 * Checks the files chosen for "Load a model" (file input or drop) before a byte of them is read:
 * their kind (a file, not a folder; one model.json and one .bin), and their sizes, which a File
 * knows without being read. Then, once the worker's core loader has read model.json's manifest,
 * weights.bin must have exactly the size it implies. Pure: works on names and sizes, so it is
 * tested without a DOM.
 */
import type { ModelJsonInfo } from '../protocol/messages';
import { fmtInt } from './format';

/**
 * The largest model.json read (16 MiB), the Node reader's bound too (src/node/model-files.ts
 * MAX_JSON_BYTES); real ones are a few kilobytes.
 */
export const MAX_MODEL_JSON_BYTES = 16 * 1024 * 1024;

/**
 * The largest weights.bin read (64 MiB). The largest cell of the thesis (Shallow at T = 1, 334,858
 * float32 weights) needs 1.3 MB and the MAJ models 0.6–0.74 MB: 64 MiB leaves room for wider cells
 * of the same families while a mistaken multi-GB file is refused before it is read.
 */
export const MAX_WEIGHTS_BYTES = 64 * 1024 * 1024;

/** What the checks need of a chosen file (a browser File fits; `folder` when it is known to be one). */
export interface ChosenFile {
  name: string;
  size: number;
  /** True for a dropped folder (DataTransferItem.webkitGetAsEntry().isDirectory). */
  folder?: boolean;
}

const isJson = (f: ChosenFile) => f.name.toLowerCase().endsWith('.json');
const isBin = (f: ChosenFile) => f.name.toLowerCase().endsWith('.bin');
const mib = (b: number) => `${b / 1024 / 1024} MiB`;
const PAIR = 'model.json and weights.bin';

/**
 * Pairs the chosen files into model.json and weights.bin, refusing (one message each) a folder,
 * a count other than two, two JSON files, no JSON file, a weights file that is not a .bin, an
 * empty file, or a file over its bound (MAX_MODEL_JSON_BYTES, MAX_WEIGHTS_BYTES). Reads nothing.
 */
export function checkModelFiles<F extends ChosenFile>(files: readonly F[]): { json: F; weights: F } | { error: string } {
  const folder = files.find((f) => f.folder);
  if (folder) return { error: `${folder.name} is a folder: choose the two files in it, ${PAIR}` };
  if (files.length !== 2) {
    const got = files.length === 0 ? 'no files' : files.map((f) => f.name).join(', ');
    return { error: `choose exactly two files, ${PAIR} (got ${got})` };
  }
  const json = files.filter(isJson);
  if (json.length === 2) return { error: `two JSON files (${files.map((f) => f.name).join(', ')}): choose one model.json and its weights.bin` };
  if (json.length === 0) return { error: `no model.json among ${files.map((f) => f.name).join(', ')}: choose ${PAIR}` };
  const weights = files.find((f) => !isJson(f))!;
  if (!isBin(weights)) return { error: `${weights.name} is not a weights file (.bin): choose ${PAIR}` };
  for (const f of [json[0], weights]) if (f.size === 0) return { error: `${f.name} is empty (0 bytes)` };
  if (json[0].size > MAX_MODEL_JSON_BYTES) {
    return { error: `${json[0].name} has ${fmtInt(json[0].size)} bytes; at most ${fmtInt(MAX_MODEL_JSON_BYTES)} (${mib(MAX_MODEL_JSON_BYTES)}) are read (a model.json has a few kilobytes)` };
  }
  if (weights.size > MAX_WEIGHTS_BYTES) {
    return { error: `${weights.name} has ${fmtInt(weights.size)} bytes; at most ${fmtInt(MAX_WEIGHTS_BYTES)} (${mib(MAX_WEIGHTS_BYTES)}) are read (the thesis's largest cell needs 1.3 MB)` };
  }
  return { json: json[0], weights };
}

/**
 * After model.json was checked (`info`: what its manifest needs): null when the weights file has
 * exactly `info.weightBytes` bytes, else the refusal, naming both sizes and the difference.
 */
export function checkWeightsSize(weights: ChosenFile, jsonName: string, info: Pick<ModelJsonInfo, 'weights' | 'weightBytes'>): string | null {
  const need = info.weightBytes;
  if (weights.size === need) return null;
  const diff = weights.size - need;
  return (
    `${weights.name} has ${fmtInt(weights.size)} bytes; the manifest of ${jsonName} needs exactly ${fmtInt(need)} ` +
    `(${fmtInt(info.weights)} float32 weights): ${diff < 0 ? `${fmtInt(-diff)} bytes missing` : `${fmtInt(diff)} bytes too many`}`
  );
}
