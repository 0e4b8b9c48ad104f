/** `rrx sample`: one sequence of a task, as JSON, as text art, or as a PNG. */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { Command } from '../command';
import { choiceOpt, intOpt, parse, UsageError } from '../command';
import {
  DATASET_NAMES,
  IMAGE_COLS,
  IMAGE_ROWS,
  KFOLD_K,
  SPLIT_NAMES,
  TASK_NAMES,
  TASK_WIDTH,
  validStepCounts,
  type SequenceSet,
} from '../../core/data/index';
import { loadSequenceSet } from '../../node/data';
import { jsonText } from './data';

/** Default number of steps per task: the thesis's MAJ setting (T = 12) and T = 4 for the plain sequence task. */
const DEFAULT_T = { maj: 12, seq: 4 } as const;

const usage = `Usage: rrx sample [--dataset mnist|fashion] [--task maj|seq] [--split train|val|test]
                  [--index i] [--T n] [--fold k] [--json] [--steps] [--png file] [--scale s]

Shows one sequence of a task: its label, MAJ mask, and scaled pixels x = 2p/255 − 1 in [−1, 1].

Options:
  --dataset d   mnist (default) or fashion
  --task t      maj (default; three images side by side, 28×84, label = the class that appears
                twice) or seq (one 28×28 image)
  --split s     train (48,000), val (12,000) or test (10,000, default)
  --index i     which sequence of the split, 0-based (default 0)
  --T n         number of column steps; must divide the width: maj 1,2,3,4,6,7,12,14,21,28,42,84
                (default 12), seq 1,2,4,7,14,28 (default 4)
  --fold k      take the split from fold k (0…${KFOLD_K - 1}) of the stratified ${KFOLD_K}-fold over the pooled
                train+test+val sequences (there val = test = the held-out part)
  --json        print JSON (format: docs/cli.md, "rrx sample")
  --steps       with --json: add "steps", the T step vectors of 28·(W/T) values each
  --png file    write the image as a PNG: pixels ×scale, grey = raw pixel value, blue lines between
                steps, MAJ blocks framed green (majority class) or red (the odd one)
  --scale s     PNG magnification, 1…32 (default 8)
  -h, --help    this text

Without --json or --png, prints a text rendering of the image.`;

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** The JSON document of `rrx sample --json` (documented in docs/cli.md). */
export function sampleReport(set: SequenceSet, index: number, T: number, withSteps: boolean) {
  const W = set.width;
  const px = set.batch([index]);
  const pixels = Array.from({ length: IMAGE_ROWS }, (_, r) => Array.from(px.subarray(r * W, (r + 1) * W), round6));
  const base = set.base;
  const blocks = Array.from({ length: set.blocks }, (_, b) => {
    const g = set.sources[index * set.blocks + b];
    const part = g < base.nTrain ? 'train' : 'test';
    return { part, index: part === 'train' ? g : g - base.nTrain, label: base.labels[g] };
  });
  const label = set.labels[index];
  const report: Record<string, unknown> = {
    dataset: set.dataset,
    task: set.task,
    split: set.split,
    fold: set.fold,
    index,
    T,
    columnsPerStep: W / T,
    width: W,
    label,
    className: base.classNames[label],
    mask: set.masks ? Array.from(set.masks.subarray(3 * index, 3 * index + 3)) : null,
    blocks,
    pixels,
  };
  if (withSteps) {
    const c = W / T;
    const st = set.steps([index], T);
    report.steps = Array.from({ length: T }, (_, t) => Array.from(st.subarray(t * IMAGE_ROWS * c, (t + 1) * IMAGE_ROWS * c), round6));
  }
  return report;
}

/**
 * RGBA rendering of a sequence, magnified: raw pixel p as grey (p, p, p); a 1-pixel blue line at
 * every step boundary; for MAJ a 2-pixel frame around each block, green where mask = 1, red where 0.
 * raw: [28, W] uint8. Returns the PNG's width, height and RGBA bytes.
 */
export function renderSample(raw: Uint8Array, width: number, T: number, mask: ArrayLike<number> | null, scale: number): { width: number; height: number; rgba: Uint8Array } {
  const w = width * scale;
  const h = IMAGE_ROWS * scale;
  const rgba = new Uint8Array(w * h * 4);
  const put = (x: number, y: number, r: number, g: number, b: number) => {
    const o = (y * w + x) * 4;
    rgba[o] = r;
    rgba[o + 1] = g;
    rgba[o + 2] = b;
    rgba[o + 3] = 255;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = raw[((y / scale) | 0) * width + ((x / scale) | 0)];
      put(x, y, p, p, p);
    }
  }
  const c = width / T;
  for (let t = 1; t < T; t++) {
    const x = t * c * scale;
    for (let y = 0; y < h; y++) put(x, y, 40, 110, 255);
  }
  if (mask) {
    const thick = Math.max(1, Math.min(2, scale >> 2));
    for (let b = 0; b < mask.length; b++) {
      const [r, g, bl] = mask[b] ? [40, 210, 70] : [235, 50, 50];
      const x0 = b * IMAGE_COLS * scale;
      const x1 = (b + 1) * IMAGE_COLS * scale - 1;
      for (let k = 0; k < thick; k++) {
        for (let x = x0; x <= x1; x++) { put(x, k, r, g, bl); put(x, h - 1 - k, r, g, bl); }
        for (let y = 0; y < h; y++) { put(x0 + k, y, r, g, bl); put(x1 - k, y, r, g, bl); }
      }
    }
  }
  return { width: w, height: h, rgba };
}

/** Text rendering: one character per pixel from a 10-step ramp, '|' at block borders. */
function textArt(raw: Uint8Array, width: number): string {
  const ramp = ' .:-=+*#%@';
  const lines: string[] = [];
  for (let r = 0; r < IMAGE_ROWS; r++) {
    let line = '';
    for (let col = 0; col < width; col++) {
      if (col > 0 && col % IMAGE_COLS === 0) line += '|';
      line += ramp[Math.min(9, Math.floor((raw[r * width + col] / 256) * 10))];
    }
    lines.push(line);
  }
  return lines.join('\n');
}

export const command: Command = {
  name: 'sample',
  usage,
  async run(argv) {
    const { values } = parse(argv, {
      dataset: { type: 'string' },
      task: { type: 'string' },
      split: { type: 'string' },
      index: { type: 'string' },
      T: { type: 'string' },
      fold: { type: 'string' },
      json: { type: 'boolean' },
      steps: { type: 'boolean' },
      png: { type: 'string' },
      scale: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    const dataset = choiceOpt('dataset', values.dataset, DATASET_NAMES) ?? 'mnist';
    const task = choiceOpt('task', values.task, TASK_NAMES) ?? 'maj';
    const split = choiceOpt('split', values.split, SPLIT_NAMES) ?? 'test';
    const index = intOpt('index', values.index, 0) ?? 0;
    const fold = intOpt('fold', values.fold, 0, KFOLD_K - 1);
    const scale = intOpt('scale', values.scale, 1, 32) ?? 8;
    const width = TASK_WIDTH[task];
    const T = intOpt('T', values.T, 1, width) ?? DEFAULT_T[task];
    if (width % T !== 0) throw new UsageError(`--T ${T} does not divide the ${task} image width ${width}; valid: ${validStepCounts(width).join(', ')}`);
    if (values.steps && !values.json) throw new UsageError('--steps only applies to --json output');

    const set = await loadSequenceSet({ dataset, task, split, fold });
    if (index >= set.n) {
      throw new Error(`--index ${index} is out of range: ${dataset} ${task} ${split}${fold === undefined ? '' : ` fold ${fold}`} has ${set.n} sequences (0…${set.n - 1})`);
    }
    const mask = set.masks ? set.masks.subarray(3 * index, 3 * index + 3) : null;
    if (values.png) {
      const img = renderSample(set.rawPixels(index), width, T, mask, scale);
      const png = new PNG({ width: img.width, height: img.height });
      png.data.set(img.rgba);
      writeFileSync(values.png, PNG.sync.write(png));
    }
    if (values.json) {
      console.log(jsonText(sampleReport(set, index, T, !!values.steps)));
    } else {
      const label = set.labels[index];
      const head = `${dataset} ${task} ${split}${fold === undefined ? '' : ` fold ${fold}`} #${index}: label ${label} (${set.base.classNames[label]})` +
        (mask ? `, mask [${Array.from(mask).join(', ')}]` : '') + `, T = ${T} (${width / T} columns per step)`;
      console.log(values.png ? `${head}\nwrote ${values.png} (${width * scale}×${IMAGE_ROWS * scale})` : `${head}\n${textArt(set.rawPixels(index), width)}`);
    }
    return 0;
  },
};
