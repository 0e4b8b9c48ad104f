/**
 * The comparison grid as plain data for export (pure): what the page shows, one entry per cell
 * (method × model) with its heatmap, per-step relevance, block shares, cosine and conservation
 * figures, plus the sequence it explains. The CSV, JSON and SVG builders (grid-csv.ts,
 * grid-json.ts, grid-svg.ts) read only this.
 */
import type { DatasetId, GridResult, ModelSummary, TaskId } from '../../protocol/messages';
import { methodInfo } from './methods';

export interface ExportModel {
  /** The worker slot (column id). */
  slot: string;
  /** The column's title as the page shows it. */
  title: string;
  /** Preset id and the cell's display name; null when not known. */
  preset: string | null;
  arch: string;
  source: ModelSummary['source'] | null;
  T: number;
}

export interface ExportCell {
  method: string;
  methodLabel: string;
  /** Does the method conserve relevance (Σ R = relu(y_c))? */
  conserves: boolean;
  slot: string;
  /** The explained class and the model's prediction. */
  explained: number;
  predicted: number;
  /** Relevance [28, width] row-major. */
  heatmap: Float32Array;
  width: number;
  /** Σ relevance per time step (signed). */
  perStep: number[];
  blockShares: number[];
  cosine: number | null;
  conservation: { sum: number; logit: number; target: number; error: number };
}

export interface GridExport {
  dataset: DatasetId;
  /** MAJ (three blocks) or the sequence task (one 28 × 28 image read as T strips per model). */
  task: TaskId;
  datasetLabel: string;
  /** "test sequence #22" or "edited sequence (from test #22)"; in the sequence task "test image #22" or "edited image (from test #22)". */
  sequence: string;
  index: number;
  edited: boolean;
  classNames: string[];
  /** Each block's stated class (null: not stated). */
  blockLabels: (number | null)[];
  /** The class appearing at least twice (null: none) and its mask. */
  label: number | null;
  mask: number[] | null;
  positiveOnly: boolean;
  /** Raw grey levels [28, 84] of the sequence ([28, 28] in the sequence task). */
  pixels: Uint8Array | null;
  methods: { spec: string; label: string }[];
  models: ExportModel[];
  /** Row-major: for each method, each model (cells without a result are left out). */
  cells: ExportCell[];
}

export interface GridExportInput {
  dataset: DatasetId;
  /** Default 'maj'. */
  task?: TaskId;
  datasetLabel: string;
  index: number;
  edited: boolean;
  classNames: string[];
  blockLabels: (number | null)[];
  label: number | null;
  mask: number[] | null;
  positiveOnly: boolean;
  pixels: Uint8Array | null;
  methods: string[];
  columns: { slot: string; title: string; summary: ModelSummary | null }[];
  results: Record<string, GridResult | undefined>;
}

/** The grid's data for export, in the page's row and column order. */
export function gridExportOf(g: GridExportInput): GridExport {
  const models: ExportModel[] = g.columns.map((c) => ({
    slot: c.slot,
    title: c.title,
    preset: c.summary?.preset ?? null,
    arch: c.summary?.arch ?? '',
    source: c.summary?.source ?? null,
    T: c.summary?.T ?? g.results[c.slot]?.T ?? 0,
  }));
  const cells: ExportCell[] = [];
  for (const spec of g.methods) {
    const info = methodInfo(spec);
    for (const c of g.columns) {
      const r = g.results[c.slot];
      const cell = r?.cells.find((x) => x.method === spec);
      if (!r || !cell) continue;
      cells.push({
        method: spec,
        methodLabel: info.label,
        conserves: info.conserves,
        slot: c.slot,
        explained: r.target,
        predicted: r.predicted,
        heatmap: cell.heatmap,
        width: r.width,
        perStep: cell.perStep,
        blockShares: cell.blockShares,
        cosine: cell.cosine,
        conservation: cell.conservation,
      });
    }
  }
  const what = g.task === 'seq' ? 'image' : 'sequence';
  return {
    dataset: g.dataset,
    task: g.task ?? 'maj',
    datasetLabel: g.datasetLabel,
    sequence: g.edited ? `edited ${what} (from test #${g.index})` : `test ${what} #${g.index}`,
    index: g.index,
    edited: g.edited,
    classNames: g.classNames,
    blockLabels: g.blockLabels,
    label: g.label,
    mask: g.mask,
    positiveOnly: g.positiveOnly,
    pixels: g.pixels,
    methods: g.methods.map((spec) => ({ spec, label: methodInfo(spec).label })),
    models,
    cells,
  };
}

/** A file name stem for the export: "rrx-mnist-test22" or "rrx-mnist-test22-edited"; "rrx-mnist-image22" in the sequence task. */
export function exportStem(g: Pick<GridExport, 'dataset' | 'index' | 'edited'> & { task?: TaskId }): string {
  return `rrx-${g.dataset}-${g.task === 'seq' ? 'image' : 'test'}${g.index}${g.edited ? '-edited' : ''}`;
}

/** A class's display name ("?" for none). */
export function className(g: Pick<GridExport, 'classNames'>, c: number | null): string {
  return c === null ? '?' : (g.classNames[c] ?? String(c));
}
