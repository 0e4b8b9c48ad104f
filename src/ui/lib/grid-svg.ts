/**
 * The grid as an SVG figure for papers and slides (pure: a string): a title with the sequence and
 * its label, the input sequence, then methods × models with each heatmap as an embedded image in
 * the thesis's diverging colour map (facts §9; the images come from the caller, e.g. a canvas's
 * PNG data URL), the block boundaries, the majority blocks underlined, and under each heatmap its
 * block shares, cosine and conservation (Σ R against relu(y_c)); a colour bar at the bottom.
 * In the sequence task the input is one 28 × 28 image: the heatmaps keep its square shape, the
 * lines mark each model's T time steps, and the relevance per step replaces shares and cosine.
 * Sizes in px at 1:1; text in a sans-serif face.
 */
import { legendStops } from './heatmap-image';
import { className, type ExportCell, type GridExport } from './grid-export';

export interface SvgImages {
  /** A data URL (PNG) of a cell's heatmap as displayed (colour map, positive only or not). */
  heatmap(cell: ExportCell): string;
  /** A data URL (PNG) of the input sequence's grey levels, or null to leave it out. */
  input(): string | null;
}

/** Layout (px): a MAJ heatmap is mapW × mapH; a column is at least minCol wide (its text lines). */
export const SVG_LAYOUT = { mapW: 252, mapH: 84, minCol: 280, rowHead: 120, gap: 14, pad: 16, title: 44, colHead: 22, meta: 30 } as const;

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const f3 = (x: number | null) => (x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(3));
/** Three significant digits (scientific for small and large values). */
export function sig3(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 0.01 && a < 1000 ? String(Number(x.toPrecision(3))) : x.toExponential(2).replace(/-/g, '−');
}

/** x positions (from the heatmap's left edge) of the lines between its parts: 3 blocks, or T time steps of 28 / T columns. */
export function partLines(task: GridExport['task'], T: number, mapW: number): number[] {
  const parts = task === 'seq' ? Math.max(1, T) : 3;
  return Array.from({ length: parts - 1 }, (_, k) => ((k + 1) * mapW) / parts);
}

export function gridSvg(g: GridExport, images: SvgImages): string {
  const L = SVG_LAYOUT;
  const seq = g.task === 'seq';
  // The heatmaps keep the input's aspect (28 × 84 for MAJ, 28 × 28 in the sequence task).
  const inputW = g.cells[0]?.width ?? (g.pixels ? g.pixels.length / 28 : 84);
  const mapW = Math.round((L.mapH * inputW) / 28);
  const cols = g.models.length;
  const colW = Math.max(mapW, L.minCol) + L.gap;
  const rowH = L.mapH + L.meta + L.gap;
  const input = images.input();
  const inputH = input ? L.mapH + 28 : 0;
  const top = L.pad + L.title + inputH;
  const gridTop = top + L.colHead;
  const width = L.pad * 2 + L.rowHead + Math.max(1, cols) * colW - L.gap;
  const legendY = gridTop + g.methods.length * rowH + 6;
  const height = legendY + 44 + L.pad;
  const out: string[] = [];
  const text = (x: number, y: number, s: string, attrs = '') => out.push(`<text x="${x}" y="${y}"${attrs ? ` ${attrs}` : ''}>${escapeXml(s)}</text>`);

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11" fill="#1b2230">`,
  );
  const labelText = seq
    ? g.label === null
      ? 'class not stated: the predicted class is explained'
      : `class ${className(g, g.label)}`
    : g.label === null || !g.mask
      ? 'no class appears twice: the predicted class is explained, no cosine'
      : `label ${className(g, g.label)} (blocks ${g.mask.flatMap((m, k) => (m ? [k + 1] : [])).join(' and ')})`;
  out.push(`<title>${escapeXml(`Relevance heatmaps: ${g.datasetLabel} ${g.sequence}`)}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  text(L.pad, L.pad + 14, `${g.datasetLabel} ${g.sequence} · ${labelText}`, 'font-size="14" font-weight="700"');
  text(
    L.pad,
    L.pad + 32,
    `${
      seq
        ? 'Rows: methods; columns: models (T time steps marked). Relevance per time step (Σ R of its columns), Σ R against relu(y_c).'
        : 'Rows: methods; columns: models. Shares of the positive relevance per block (majority blocks underlined), cosine to the mask, Σ R against relu(y_c).'
    }${g.positiveOnly ? ' Positive relevance only.' : ''}`,
    'fill="#566074"',
  );

  if (input) {
    const y = L.pad + L.title;
    text(L.pad, y + 14, 'Input', 'font-weight="700"');
    out.push(`<image x="${L.pad + L.rowHead}" y="${y}" width="${mapW}" height="${L.mapH}" preserveAspectRatio="none" style="image-rendering:pixelated" href="${input}" xlink:href="${input}"/>`);
    const blocks = Math.max(1, g.blockLabels.length);
    g.blockLabels.forEach((c, k) => text(L.pad + L.rowHead + (k + 0.5) * (mapW / blocks), y + L.mapH + 14, `class ${className(g, c)}`, 'text-anchor="middle" fill="#566074"'));
  }

  g.models.forEach((m, i) => text(L.pad + L.rowHead + i * colW, top + 14, m.title, 'font-weight="700"'));

  const byKey = new Map(g.cells.map((c) => [`${c.method}@${c.slot}`, c]));
  g.methods.forEach((meth, r) => {
    const y = gridTop + r * rowH;
    text(L.pad, y + 16, meth.label, 'font-weight="700"');
    g.models.forEach((m, i) => {
      const x = L.pad + L.rowHead + i * colW;
      const c = byKey.get(`${meth.spec}@${m.slot}`);
      if (!c) {
        text(x, y + L.mapH / 2, 'no result', 'fill="#566074"');
        return;
      }
      const href = images.heatmap(c);
      out.push(`<g class="cell" data-method="${escapeXml(c.method)}" data-slot="${escapeXml(c.slot)}">`);
      out.push(`<image x="${x}" y="${y}" width="${mapW}" height="${L.mapH}" preserveAspectRatio="none" style="image-rendering:pixelated" href="${href}" xlink:href="${href}"/>`);
      out.push(`<rect x="${x}" y="${y}" width="${mapW}" height="${L.mapH}" fill="none" stroke="#8f98a8" stroke-width="0.6"/>`);
      for (const lx of partLines(g.task, m.T, mapW)) out.push(`<line x1="${x + lx}" x2="${x + lx}" y1="${y}" y2="${y + L.mapH}" stroke="#8f98a8" stroke-width="0.6"/>`);
      if (!seq)
        g.mask?.forEach((on, k) => {
          if (on) out.push(`<rect x="${x + (k * mapW) / 3 + 1}" y="${y + L.mapH + 2}" width="${mapW / 3 - 2}" height="3" fill="#2e7d32"/>`);
        });
      if (seq) {
        // The relevance per time step as bars under its strip (red positive, blue negative; scaled to the largest |Σ R|).
        const maxAbs = Math.max(1e-30, ...c.perStep.map(Math.abs));
        const bw = mapW / Math.max(1, c.perStep.length);
        c.perStep.forEach((v, t) => {
          const h = Math.max(0.5, (Math.abs(v) / maxAbs) * 12);
          out.push(
            `<rect class="step" x="${x + t * bw + 0.5}" y="${y + L.mapH + 15 - h}" width="${Math.max(0.5, bw - 1)}" height="${h}" fill="${v >= 0 ? '#b2182b' : '#2166ac'}"><title>step ${t + 1}: Σ R ${escapeXml(sig3(v))}</title></rect>`,
          );
        });
      } else text(x, y + L.mapH + 16, `shares ${c.blockShares.map((s) => s.toFixed(2)).join(' · ')}   cos ${f3(c.cosine)}`);
      text(x, y + L.mapH + 28, `ΣR ${sig3(c.conservation.sum)} · relu(y) ${sig3(c.conservation.target)}${c.conserves ? '' : ' (not conservative)'}`, 'fill="#566074"');
      out.push('</g>');
    });
  });

  // The colour bar: the map over [−1, 1] (or [0, 1]), each heatmap normalised by its own max |R|.
  const lo = g.positiveOnly ? 0 : -1;
  const barX = L.pad + L.rowHead;
  const barW = Math.min(300, Math.max(160, cols * colW - L.gap));
  out.push('<defs><linearGradient id="rrx-cmap" x1="0" x2="1" y1="0" y2="0">');
  for (const stop of legendStops(lo, 1)) {
    const [, rgb, pct] = /^(rgb\([^)]*\)) ([\d.]+)%$/.exec(stop)!;
    out.push(`<stop offset="${pct}%" stop-color="${rgb.replace(/ /g, ',')}"/>`);
  }
  out.push('</linearGradient></defs>');
  text(L.pad, legendY + 12, 'Colour map', 'font-weight="700"');
  out.push(`<rect x="${barX}" y="${legendY}" width="${barW}" height="12" fill="url(#rrx-cmap)" stroke="#8f98a8" stroke-width="0.6"/>`);
  text(barX, legendY + 26, g.positiveOnly ? '0' : '−max |R|', 'fill="#566074"');
  if (!g.positiveOnly) text(barX + barW / 2, legendY + 26, '0', 'text-anchor="middle" fill="#566074"');
  text(barX + barW, legendY + 26, '+max |R|', 'text-anchor="end" fill="#566074"');
  text(barX, legendY + 40, 'each heatmap normalised by its own max |R| (thesis colour map)', 'fill="#566074"');
  out.push('</svg>');
  return out.join('\n');
}
