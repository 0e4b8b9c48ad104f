/**
 * The grid's numbers as CSV (RFC 4180: comma-separated, fields with a comma, quote or line break
 * quoted, CRLF line ends), one row per cell: method, model, explained class, block shares, the
 * mask, cosine, conservation (Σ R, the explained logit y_c, relu(y_c), |Σ R − relu(y_c)|) and the
 * relevance of every time step (step_1 … step_T; T of the widest model). Numbers are written in
 * full (JavaScript's shortest round-trip form), so the file holds the values the page computed.
 */
import { className, type GridExport } from './grid-export';

/** One CSV field. */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEAD = [
  'dataset',
  'sequence',
  'method',
  'method_label',
  'model',
  'slot',
  'preset',
  'source',
  'explained_class',
  'explained_name',
  'predicted_class',
  'share_block1',
  'share_block2',
  'share_block3',
  'mask_block1',
  'mask_block2',
  'mask_block3',
  'cosine',
  'sum_relevance',
  'logit',
  'relu_logit',
  'conservation_error',
] as const;

export function gridCsv(g: GridExport): string {
  const T = Math.max(0, ...g.cells.map((c) => c.perStep.length));
  const head = [...CSV_HEAD, ...Array.from({ length: T }, (_, t) => `step_${t + 1}`)];
  const models = new Map(g.models.map((m) => [m.slot, m]));
  const rows = g.cells.map((c) => {
    const m = models.get(c.slot);
    return [
      g.dataset,
      g.sequence,
      c.method,
      c.methodLabel,
      m?.title ?? c.slot,
      c.slot,
      m?.preset ?? '',
      m?.source ?? '',
      c.explained,
      className(g, c.explained),
      c.predicted,
      c.blockShares[0],
      c.blockShares[1],
      c.blockShares[2],
      g.mask?.[0] ?? null,
      g.mask?.[1] ?? null,
      g.mask?.[2] ?? null,
      c.cosine,
      c.conservation.sum,
      c.conservation.logit,
      c.conservation.target,
      c.conservation.error,
      ...Array.from({ length: T }, (_, t) => c.perStep[t] ?? null),
    ];
  });
  return [head, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
