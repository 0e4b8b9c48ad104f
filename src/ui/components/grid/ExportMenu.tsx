/**
 * Export of the grid for papers and slides: the figure as SVG (heatmaps embedded as PNG images,
 * titles, method names, block shares, cosine, conservation, colour bar; lib/grid-svg.ts) or as PNG
 * (that SVG drawn at 2× onto a canvas), and its numbers as CSV or JSON (lib/grid-csv.ts,
 * lib/grid-json.ts). The builders are pure; this is the download glue (canvas, Blob, link).
 */
import { useRef, useState } from 'react';
import { taskDatasetLabel } from '../../format';
import { downloadBytes } from '../../lib/download';
import { gridCsv } from '../../lib/grid-csv';
import { exportStem, gridExportOf, type GridExport } from '../../lib/grid-export';
import { gridJson } from '../../lib/grid-json';
import { gridSvg } from '../../lib/grid-svg';
import { heatmapToRgba } from '../../lib/heatmap-image';
import { greyToRgba } from '../../sequence-image';
import type { AppState, Column } from '../../store';
import { useAppStore } from '../../store-context';

/** Heatmaps are embedded at 4 × their 28 × width pixels, nearest neighbour: sharp in every viewer. */
const UPSCALE = 4;

/** An RGBA image as a PNG data URL, scaled up by an integer factor without smoothing. */
function pngDataUrl(rgba: Uint8ClampedArray, w: number, h: number, scale = UPSCALE): string {
  const src = document.createElement('canvas');
  src.width = w;
  src.height = h;
  src.getContext('2d')!.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, w, h), 0, 0);
  const out = document.createElement('canvas');
  out.width = w * scale;
  out.height = h * scale;
  const ctx = out.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(src, 0, 0, out.width, out.height);
  return out.toDataURL('image/png');
}

/** The grid of the current state as export data. */
export function exportOf(s: AppState, columns: Column[], titles: Record<string, string>): GridExport {
  return gridExportOf({
    dataset: s.seq.dataset,
    task: s.seq.task,
    datasetLabel: taskDatasetLabel(s.seq.dataset, s.seq.task),
    index: s.seq.index,
    edited: s.seq.edited,
    classNames: s.seq.classNames,
    blockLabels: s.seq.blocks.map((b) => b.label),
    label: s.seq.label,
    mask: s.seq.mask,
    positiveOnly: s.grid.positiveOnly,
    pixels: s.seq.pixels,
    methods: s.grid.methods,
    columns: columns.map((c) => ({ slot: c.slot, title: titles[c.slot] ?? c.slot, summary: s.models.slots[c.slot]?.summary ?? null })),
    results: s.grid.results,
  });
}

export function svgOf(g: GridExport): string {
  return gridSvg(g, {
    heatmap: (c) => pngDataUrl(heatmapToRgba(c.heatmap, g.positiveOnly), c.width, 28),
    input: () => (g.pixels ? pngDataUrl(greyToRgba(g.pixels), g.pixels.length / 28, 28) : null),
  });
}

/** The SVG drawn onto a canvas at `scale` × its size, as PNG bytes. */
async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(img.naturalWidth * scale);
    canvas.height = Math.round(img.naturalHeight * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.imageSmoothingEnabled = false; // the heatmaps' pixels stay sharp
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the canvas could not be encoded as PNG');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}

type Kind = 'svg' | 'png' | 'csv' | 'json';
const KINDS: { kind: Kind; label: string; what: string }[] = [
  { kind: 'svg', label: 'Figure (SVG)', what: 'heatmaps, titles, shares, cosine, colour bar' },
  { kind: 'png', label: 'Figure (PNG)', what: 'the same figure at 2×' },
  { kind: 'csv', label: 'Numbers (CSV)', what: 'one row per cell' },
  { kind: 'json', label: 'Numbers (JSON)', what: 'with the heatmaps' },
];

export function ExportMenu({ columns, titles }: { columns: Column[]; titles: Record<string, string> }) {
  const store = useAppStore();
  const menu = useRef<HTMLDetailsElement>(null);
  const [status, setStatus] = useState<string | null>(null);

  const save = async (kind: Kind) => {
    const g = exportOf(store.getState(), columns, titles);
    const stem = exportStem(g);
    const enc = new TextEncoder();
    try {
      if (!g.cells.length) throw new Error('the grid has no result yet');
      if (kind === 'csv') downloadBytes(enc.encode(gridCsv(g)), `${stem}.csv`, 'text/csv');
      else if (kind === 'json') downloadBytes(enc.encode(gridJson(g)), `${stem}.json`, 'application/json');
      else if (kind === 'svg') downloadBytes(enc.encode(svgOf(g)), `${stem}.svg`, 'image/svg+xml');
      else downloadBytes(await svgToPng(svgOf(g)), `${stem}.png`, 'image/png');
      setStatus(`Saved ${stem}.${kind}: ${g.cells.length} cells.`);
      menu.current?.removeAttribute('open');
    } catch (err) {
      setStatus(`Not saved: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <details ref={menu} className="picker export-menu" data-testid="grid.export">
      <summary>Export</summary>
      <div className="export-pop" role="group" aria-label="Export the grid">
        {KINDS.map((k) => (
          <button key={k.kind} type="button" data-testid={`grid.export.${k.kind}`} title={k.what} onClick={() => void save(k.kind)}>
            {k.label}
          </button>
        ))}
        {status && (
          <p className="muted small" role="status" data-testid="grid.export.status">
            {status}
          </p>
        )}
      </div>
    </details>
  );
}
