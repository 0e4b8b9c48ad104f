/** Number formats of the UI. */

export const fmtInt = (n: number): string => n.toLocaleString('en-US');

/** Fixed decimals, or an en dash for a missing value. */
export const fmtNum = (n: number | null | undefined, digits = 3): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits);

export const fmtPercent = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(digits)} %`;

/** Seconds as "1 min 05 s" / "12.3 s". */
export function fmtSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '–';
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - 60 * m)).padStart(2, '0')} s`;
}

/** A relevance or other small quantity: 3 significant digits, scientific below 0.01. */
export function fmtSci(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 0.01 && a < 1000) return x.toPrecision(3).replace(/\.?0+$/, '');
  const [m, e] = x.toExponential(2).split('e');
  return `${m}e${Number(e)}`.replace('-', '−');
}

export const DATASET_LABELS = { mnist: 'MNIST-MAJ', fashion: 'FashionMNIST-MAJ' } as const;
/** The datasets' own names: the sequence task (Experiment 1) reads their images one at a time. */
export const DATASET_BASE_LABELS = { mnist: 'MNIST', fashion: 'FashionMNIST' } as const;
/** A dataset as a task reads it: "MNIST-MAJ", or "MNIST" for the sequence task. */
export const taskDatasetLabel = (dataset: keyof typeof DATASET_LABELS, task: 'maj' | 'seq'): string => (task === 'seq' ? DATASET_BASE_LABELS : DATASET_LABELS)[dataset];

/** The TF.js backends as the page names them. */
export const BACKEND_LABELS = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' } as const;
