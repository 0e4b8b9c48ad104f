/**
 * `rrx explain`: explain one sequence of a task with one method, as text, JSON or a PNG.
 * Also exports what `rrx eval` shares with it: loading a model with its data, and building a method
 * from the command line. JSON format: docs/cli.md, "rrx explain".
 */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import * as tf from '../../core/tf';
import type { Command } from '../command';
import { choiceOpt, intOpt, parse, UsageError } from '../command';
import type { Cell, Weights } from '../../core/cells/types';
import { createVariables } from '../../core/model-io/variables';
import type { ModelMeta } from '../../core/model-io/format';
import { DATASET_NAMES, KFOLD_K, SPLIT_NAMES, TASK_NAMES, type DatasetName, type SequenceSet, type SplitName, type TaskName } from '../../core/data/index';
import { loadModelDir } from '../../node/model-files';
import { loadSequenceSet } from '../../node/data';
import { useNodeBackend, NODE_BACKENDS, type NodeBackend } from '../../node/tf-backend';
import { buildMethodSpec, type BuiltMethod } from '../../core/explain/registry';
import { findMethod, METHOD_IDS } from '../../core/explain/methods-catalog';
import { explain, type ExplainResult, type SequenceExplanation } from '../../core/explain/explain';
import { heatmapRGB, heatmapScale } from '../../core/explain/colormap';

const usage = `Usage: rrx explain --model DIR --method ID [--index i] [--class c | --predicted]
                   [--alpha a] [--beta b] [--epsilon e] [--param name=value ...]
                   [--dataset mnist|fashion] [--task maj|seq] [--split test] [--fold k]
                   [--json] [--png file] [--scale s] [--backend wasm|cpu|webgpu]

Explains one sequence of the model's task with one method: relevance per pixel (28×W), per step and
at each step's recurrent state, the block shares, the cosine to the MAJ mask and the conservation
figures. The model's metadata gives the dataset, task and T; --dataset/--task override them.

Options:
  --model DIR      a model directory (model.json + weights.bin, as written by rrx train)
  --method ID      ${METHOD_IDS.join(', ')};
                   or ID:preset, e.g. lrp-alpha-beta:a1b0, lrp-alpha-beta:a2b1
  --alpha a        LRP-αβ α (α − β = 1; giving only one of α, β derives the other)
  --beta b         LRP-αβ β
  --epsilon e      LRP-ε ε
  --param k=v      any other parameter of the method (repeatable), e.g. --param pixelRule=w-square,
                   --param conservative=false, --param literal=thesis-code, --param sigmoid=plain
  --index i        sequence of the split, 0-based (default 0)
  --class c        explain class c (0…9) instead of the true class (the thesis's choice)
  --predicted      explain the predicted class instead of the true class
  --dataset d      mnist or fashion (default: the model's)
  --task t         maj or seq (default: the model's)
  --split s        train, val or test (default test)
  --fold k         take the split from fold k (0…${KFOLD_K - 1}) of the ${KFOLD_K}-fold (docs/data.md)
  --json           print JSON (format: docs/cli.md, "rrx explain")
  --png file       draw the input (grey) above the heatmap (thesis colours, symmetric, scaled by max |R|)
  --scale s        PNG magnification, 1…32 (default 8)
  --backend B      wasm (default), cpu, or webgpu (Dawn: docs/benchmarks.md, "WebGPU in Node")
  -h, --help       this text`;

/** A model loaded for explaining: cell, variables, metadata. */
export interface LoadedModel {
  dir: string;
  meta: ModelMeta;
  cell: Cell;
  weights: Weights;
  dispose(): void;
}

/** Load the model directory and create its variables (on the active backend). */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const m = await loadModelDir(dir);
  const weights = createVariables(m.cell, m.weights);
  return { dir, meta: m.meta, cell: m.cell, weights, dispose: () => tf.dispose(Object.values(weights)) };
}

/** The sequences a model is explained or evaluated on: a task's split, or a fold of the pooled k-fold. */
export interface EvalData {
  dataset: DatasetName;
  task: TaskName;
  split: SplitName;
  /** 0…k−1: the split is taken from this fold of the stratified k-fold (docs/data.md). */
  fold?: number;
  /** Folds of that k-fold (default 7). */
  k?: number;
}

/**
 * Which data a model is explained on: its training record's dataset and task unless overridden.
 * A model trained on a k-fold (`training.fold`) is explained on its held-out fold unless --split or
 * --fold says otherwise: the official test split overlaps its training data.
 */
export function dataOf(meta: ModelMeta, o: { dataset?: string; task?: string; split?: string; fold?: string }): EvalData {
  const dataset = choiceOpt('dataset', o.dataset, DATASET_NAMES) ?? (meta.training?.dataset as DatasetName | undefined);
  const task: TaskName | undefined = choiceOpt('task', o.task, TASK_NAMES) ?? meta.training?.task ?? (meta.cell.width === 84 ? 'maj' : 'seq');
  if (!dataset) throw new UsageError('the model has no training record: pass --dataset');
  const width = task === 'maj' ? 84 : 28;
  if (width !== meta.cell.width) throw new UsageError(`--task ${task} has width ${width}, the model's cell expects width ${meta.cell.width}`);
  const split: SplitName = choiceOpt('split', o.split, SPLIT_NAMES) ?? 'test';
  const own = meta.training?.fold;
  const k = own?.k ?? KFOLD_K;
  const fold = intOpt('fold', o.fold, 0, k - 1) ?? (own && o.split === undefined ? own.index : undefined);
  return { dataset, task, split, fold, ...(fold !== undefined && k !== KFOLD_K ? { k } : {}) };
}

/** Parse one `--param name=value` against the method's descriptor (number, boolean or choice). */
function paramValue(id: string, kv: string): [string, unknown] {
  const eq = kv.indexOf('=');
  if (eq < 1) throw new UsageError(`--param must be name=value, got "${kv}"`);
  const name = kv.slice(0, eq);
  const raw = kv.slice(eq + 1);
  const p = findMethod(id)?.params.find((q) => q.name === name);
  if (!p) return [name, raw]; // the registry reports the unknown name with the valid ones
  if (p.type === 'number') return [name, Number(raw)];
  if (p.type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new UsageError(`--param ${name} must be true or false, got "${raw}"`);
    return [name, raw === 'true'];
  }
  return [name, raw];
}

/** The method of `--method` with `--alpha/--beta/--epsilon/--param`; registry errors become usage errors. */
export function methodFromArgs(v: { method?: string; alpha?: string; beta?: string; epsilon?: string; param?: string[] }): BuiltMethod {
  if (!v.method) throw new UsageError(`--method is required (${METHOD_IDS.join(', ')})`);
  const id = v.method.split(':')[0];
  const params: Record<string, unknown> = {};
  for (const kv of v.param ?? []) {
    const [k, val] = paramValue(id, kv);
    params[k] = val;
  }
  const num = (name: string, s: string | undefined) => {
    if (s === undefined) return;
    const n = Number(s);
    if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${s}"`);
    params[name] = n;
  };
  num('alpha', v.alpha);
  num('beta', v.beta);
  num('epsilon', v.epsilon);
  try {
    return buildMethodSpec(v.method, params);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

const sig8 = (v: number) => Number(v.toPrecision(8));

/** The fields every report on a model and its data starts with (`rrx explain`, `rrx eval`). */
export function reportHead(model: Pick<LoadedModel, 'dir' | 'meta'>, data: EvalData) {
  return { model: model.dir, preset: model.meta.preset, dataset: data.dataset, task: data.task, split: data.split, fold: data.fold ?? null };
}

/** The JSON document of `rrx explain --json` (docs/cli.md). */
export function explainReport(model: LoadedModel, data: EvalData, index: number, mask: number[] | null, r: ExplainResult, backend: string) {
  const s = r.sequences[0];
  const W = r.width;
  return {
    ...reportHead(model, data),
    index,
    T: r.T,
    width: W,
    method: { id: r.method, label: r.label, params: r.params },
    label: s.label,
    target: s.target,
    predicted: s.predicted,
    mask,
    logits: s.logits.map(sig8),
    relevance: Array.from({ length: 28 }, (_, row) => Array.from(s.heatmap.subarray(row * W, (row + 1) * W), sig8)),
    perStep: s.perStep.map(sig8),
    state: s.state ? s.state.map(sig8) : null,
    blockShares: s.blockShares,
    cosine: s.cosine,
    majorityShare: s.majorityShare,
    adjustedMajorityShare: s.adjustedMajorityShare,
    conservation: s.conservation,
    backend,
  };
}

/**
 * RGBA of the input (grey, x ∈ [−1, 1] → 0…255, the thesis's gist_gray) above the heatmap (§9 colours,
 * normalised by max |R| + 1e-10), a white gap of `scale` pixels between; magnified by `scale`.
 */
export function renderExplanation(x: Float32Array, heatmap: Float32Array, width: number, scale: number) {
  const w = width * scale;
  const h = (28 * 2 + 1) * scale;
  const rgba = new Uint8Array(w * h * 4).fill(255);
  const norm = heatmapScale(heatmap);
  for (let y = 0; y < h; y++) {
    const row = Math.floor(y / scale);
    if (row === 28) continue;
    for (let xx = 0; xx < w; xx++) {
      const col = Math.floor(xx / scale);
      const o = (y * w + xx) * 4;
      if (row < 28) {
        const g = Math.round(((x[row * width + col] + 1) / 2) * 255);
        rgba[o] = rgba[o + 1] = rgba[o + 2] = g;
      } else {
        const [r, g, b] = heatmapRGB(heatmap[(row - 29) * width + col] / norm);
        rgba[o] = Math.round(r * 255);
        rgba[o + 1] = Math.round(g * 255);
        rgba[o + 2] = Math.round(b * 255);
      }
    }
  }
  return { width: w, height: h, rgba };
}

/** A one-line bar of the signed per-step relevance. */
function bars(values: number[]): string {
  const m = Math.max(1e-12, ...values.map(Math.abs));
  const ramp = ' ▁▂▃▄▅▆▇█';
  return values.map((v) => (v < 0 ? '-' : ramp[Math.round((v / m) * 8)])).join('');
}

function textReport(data: EvalData, index: number, set: SequenceSet, r: ExplainResult, s: SequenceExplanation): string {
  const name = (c: number) => set.base.classNames[c];
  const f = (v: number) => v.toPrecision(4);
  return [
    `${r.label} on ${data.dataset} ${data.task} ${data.split}${data.fold === undefined ? '' : ` fold ${data.fold}`} #${index}`,
    `  label ${s.label} (${name(s.label!)}), explained class ${s.target} (${name(s.target)}), predicted ${s.predicted} (${name(s.predicted)})`,
    `  logits      [${s.logits.map(f).join(', ')}]`,
    `  conservation ΣR = ${f(s.conservation.sum)}, y_c = ${f(s.conservation.logit)}, relu(y_c) = ${f(s.conservation.target)}, |error| = ${s.conservation.error.toExponential(2)}`,
    `  per step    ${bars(s.perStep)}  [${s.perStep.map(f).join(', ')}]`,
    s.state ? `  state       [${s.state.map(f).join(', ')}]` : '  state       n/a (gradient method)',
    `  block shares [${s.blockShares.map((v) => v.toFixed(3)).join(', ')}]` +
      (s.cosine === null ? '  (no mask: cosine n/a)' : `  cosine ${s.cosine.toFixed(4)}, majority share ${s.majorityShare!.toFixed(4)} (adjusted ${s.adjustedMajorityShare!.toFixed(4)})`),
  ].join('\n');
}

export const command: Command = {
  name: 'explain',
  usage,
  async run(argv) {
    const { values } = parse(argv, {
      model: { type: 'string' },
      method: { type: 'string' },
      alpha: { type: 'string' },
      beta: { type: 'string' },
      epsilon: { type: 'string' },
      param: { type: 'string', multiple: true },
      index: { type: 'string' },
      class: { type: 'string' },
      predicted: { type: 'boolean' },
      dataset: { type: 'string' },
      task: { type: 'string' },
      split: { type: 'string' },
      fold: { type: 'string' },
      json: { type: 'boolean' },
      png: { type: 'string' },
      scale: { type: 'string' },
      backend: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    if (!values.model) throw new UsageError('--model DIR is required');
    const method = methodFromArgs(values);
    const index = intOpt('index', values.index, 0) ?? 0;
    const cls = intOpt('class', values.class, 0, 9);
    if (cls !== undefined && values.predicted) throw new UsageError('--class and --predicted exclude each other');
    const scale = intOpt('scale', values.scale, 1, 32) ?? 8;
    const backend: NodeBackend = choiceOpt('backend', values.backend, NODE_BACKENDS) ?? 'wasm';
    const got = await useNodeBackend(backend);
    const model = await loadModel(values.model);
    try {
      const data = dataOf(model.meta, values);
      const set = await loadSequenceSet(data);
      if (index >= set.n) throw new UsageError(`--index ${index} is out of range: the set has ${set.n} sequences (0…${set.n - 1})`);
      const x = set.batch([index]);
      const label = set.labels[index];
      const mask = set.masks ? Array.from(set.masks.subarray(3 * index, 3 * index + 3)) : null;
      const r = await explain(model.cell, model.weights, x, {
        method,
        target: values.predicted ? 'predicted' : cls !== undefined ? [cls] : 'true',
        labels: [label],
        masks: mask,
      });
      const s = r.sequences[0];
      if (values.png) {
        const img = renderExplanation(x, s.heatmap, r.width, scale);
        const png = new PNG({ width: img.width, height: img.height });
        png.data.set(img.rgba);
        writeFileSync(values.png, PNG.sync.write(png));
      }
      if (values.json) console.log(JSON.stringify(explainReport(model, data, index, mask, r, got)));
      else {
        console.log(textReport(data, index, set, r, s));
        if (values.png) console.log(`wrote ${values.png} (${r.width * scale}×${57 * scale}: input above, heatmap below)`);
      }
      return 0;
    } finally {
      model.dispose();
    }
  },
};
