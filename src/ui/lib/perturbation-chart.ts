/**
 * The region perturbation chart's data (components/charts/PerturbationChart.tsx draws it): one line
 * per method and the random reference, each with its AOPC and how far above the reference it lies;
 * the axes' domains; the patch sizes a model's width allows. Pure (no DOM), tested in Node.
 */
import type { PerturbationCurves } from '../../protocol/messages';
import { METHOD_SPECS, methodInfo } from './methods';

/**
 * One colour per method row, in METHOD_SPECS order: Paul Tol's "vibrant" scheme (distinct under the
 * common colour-vision deficiencies, readable as lines on white), then two darker ones. The random
 * reference is dark grey and dashed.
 */
const METHOD_COLOURS = ['#0077bb', '#33bbee', '#009988', '#ee7733', '#cc3311', '#ee3377', '#aa3377', '#332288'];
export const RANDOM_COLOUR = '#4a4a4a';

export function methodColour(spec: string): string {
  const i = (METHOD_SPECS as readonly string[]).indexOf(spec);
  return METHOD_COLOURS[i >= 0 ? i : METHOD_COLOURS.length - 1];
}

export interface CurveSeries {
  /** The method spec, or 'random'. */
  id: string;
  label: string;
  /** The explained logit after k = 0…L patches removed. */
  values: number[];
  aopc: number;
  /** AOPC minus the random reference's: > 0 when the heatmap's order removes evidence faster than chance. */
  overRandom: number;
  colour: string;
  dashed: boolean;
  /** The method of the cell the chart was opened from (drawn on top, thicker). */
  highlight: boolean;
  /** The heatmap had no positive relevance: its "order" is the patches' own, row by row. */
  empty: boolean;
}

export interface CurveChartData {
  /** Methods first (in the request's order, the highlighted one last so it is drawn on top), then the random reference. */
  series: CurveSeries[];
  /** L: the x axis runs 0…L. */
  steps: number;
  /** The logit of the untouched sequence. */
  start: number;
  /** y domain: every value of every curve (and the random orders' band), never empty. */
  y: [number, number];
  /** The random orders' range per step (the reference's band), when there are several. */
  band: { lo: number[]; hi: number[] } | null;
}

/** The chart's series and domains for a result; `highlight` is the method spec of the opened cell. */
export function curveChartData(r: PerturbationCurves, highlight: string | null): CurveChartData {
  const ref = r.random.aopc;
  const methods: CurveSeries[] = r.methods.map((m) => ({
    id: m.method,
    label: methodInfo(m.method).label,
    values: m.curve,
    aopc: m.aopc,
    overRandom: m.aopc - ref,
    colour: methodColour(m.method),
    dashed: false,
    highlight: m.method === highlight,
    empty: m.empty,
  }));
  methods.sort((a, b) => Number(a.highlight) - Number(b.highlight));
  const random: CurveSeries = {
    id: 'random',
    label: r.random.curves.length > 1 ? `Random order (mean of ${r.random.curves.length})` : 'Random order',
    values: r.random.mean,
    aopc: ref,
    overRandom: 0,
    colour: RANDOM_COLOUR,
    dashed: true,
    highlight: false,
    empty: false,
  };
  const band =
    r.random.curves.length > 1
      ? {
          lo: r.random.mean.map((_, k) => Math.min(...r.random.curves.map((c) => c[k]))),
          hi: r.random.mean.map((_, k) => Math.max(...r.random.curves.map((c) => c[k]))),
        }
      : null;
  const all = [...methods.flatMap((s) => s.values), ...random.values, ...(band ? [...band.lo, ...band.hi] : [])].filter(Number.isFinite);
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (!(hi > lo)) {
    const pad = Math.max(1e-3, Math.abs(hi) * 0.05);
    lo -= pad;
    hi += pad;
  }
  return { series: [...methods, random], steps: r.steps, start: r.random.mean[0], y: [lo, hi], band };
}

/** The methods ranked by AOPC, largest first (the table under the chart). */
export function rankByAopc(series: readonly CurveSeries[]): CurveSeries[] {
  return [...series].sort((a, b) => b.aopc - a.aopc);
}

/** Patch sides (pixels) that divide both the image height 28 and the width, from `min` to `max`. */
export function patchSizes(width: number, min = 2, max = 14): number[] {
  const out: number[] = [];
  for (let p = min; p <= max; p++) if (28 % p === 0 && width % p === 0) out.push(p);
  return out;
}

/** Number of p × p patches of a 28 × W image. */
export const patchCount = (width: number, patch: number) => (28 / patch) * (width / patch);
