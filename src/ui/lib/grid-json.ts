/**
 * The grid's numbers as JSON (format "rrx-grid", version 1): the sequence (dataset, index, edited,
 * block classes, label, mask), the methods and models, and per cell the method, the model, the
 * explained and predicted class, block shares, cosine, conservation (Σ R, y_c, relu(y_c), error),
 * the per-step relevance and, unless left out, the heatmap as 28 rows of `width` values. Numbers
 * are written in full (the float32 values the worker computed, as JavaScript prints them).
 */
import { className, type GridExport } from './grid-export';

export const GRID_JSON_FORMAT = 'rrx-grid';
export const GRID_JSON_VERSION = 1;

/** JSON has no NaN or ±∞: written as null. */
const num = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x);

export function gridJson(g: GridExport, opts: { heatmaps?: boolean; created?: Date } = {}): string {
  const withMaps = opts.heatmaps ?? true;
  const models = new Map(g.models.map((m) => [m.slot, m]));
  const doc = {
    format: GRID_JSON_FORMAT,
    version: GRID_JSON_VERSION,
    created: (opts.created ?? new Date()).toISOString(),
    generatedBy: 'rrx explorer (browser)',
    sequence: {
      dataset: g.dataset,
      task: g.task,
      datasetLabel: g.datasetLabel,
      index: g.index,
      edited: g.edited,
      description: g.sequence,
      blockClasses: g.blockLabels,
      label: g.label,
      labelName: g.label === null ? null : className(g, g.label),
      mask: g.mask,
    },
    positiveOnly: g.positiveOnly,
    methods: g.methods,
    models: g.models,
    cells: g.cells.map((c) => ({
      method: c.method,
      methodLabel: c.methodLabel,
      conserves: c.conserves,
      slot: c.slot,
      model: models.get(c.slot)?.title ?? c.slot,
      explainedClass: c.explained,
      explainedName: className(g, c.explained),
      predictedClass: c.predicted,
      blockShares: c.blockShares.map(num),
      cosine: num(c.cosine),
      conservation: { sumRelevance: num(c.conservation.sum), logit: num(c.conservation.logit), reluLogit: num(c.conservation.target), error: num(c.conservation.error) },
      perStep: c.perStep.map(num),
      ...(withMaps ? { heatmap: Array.from({ length: 28 }, (_, r) => Array.from(c.heatmap.subarray(r * c.width, (r + 1) * c.width), num)) } : {}),
    })),
  };
  return JSON.stringify(doc, null, 1);
}
