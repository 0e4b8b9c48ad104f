/**
 * One heatmap: a canvas at native resolution (28 × W) scaled by CSS (pixelated), painted through
 * `store.subscribe` when its result changes (not through React renders), and an SVG overlay for
 * the block boundaries, step ticks and the hovered pixel with its value.
 */
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { fmtSci } from '../../format';
import { heatmapToRgba, displayScale } from '../../lib/heatmap-image';
import type { AppState } from '../../store';
import { useAppStore } from '../../store-context';

interface Props {
  slot: string;
  method: string;
  /** Accessible description of the cell. */
  label: string;
  /** Shown over an all-zero heatmap (e.g. "no relevance"), or null. */
  emptyNote: string | null;
}

const H = 28;

const cellOf = (s: AppState, slot: string, method: string) => {
  const r = s.grid.results[slot];
  const c = r?.cells.find((x) => x.method === method);
  return r && c ? { r, c } : null;
};

export const Heatmap = memo(function Heatmap({ slot, method, label, emptyNote }: Props) {
  const store = useAppStore();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ row: number; col: number } | null>(null);
  const [width, setWidth] = useState(84);
  const [T, setT] = useState(12);
  /** The width and T last given to React (set only when they change: a repaint renders nothing). */
  const shape = useRef({ width: 84, T: 12 });
  /** The RGBA buffer, reused by every repaint. */
  const image = useRef<ImageData | null>(null);
  /** Repaints the current result even if it was painted already (after React re-set the canvas's width, which clears it). */
  const repaint = useRef<(() => void) | null>(null);

  useEffect(() => {
    let last: unknown = null;
    let lastPos: boolean | null = null;
    const paint = (s: AppState, force = false) => {
      const hit = cellOf(s, slot, method);
      const pos = s.grid.positiveOnly;
      if (!hit || (!force && hit.c === last && pos === lastPos)) return;
      last = hit.c;
      lastPos = pos;
      const el = canvas.current;
      const ctx = el?.getContext('2d');
      if (!el || !ctx) return;
      const W = hit.r.width;
      if (el.width !== W) el.width = W;
      if (shape.current.width !== W) setWidth((shape.current.width = W));
      if (shape.current.T !== hit.r.T) setT((shape.current.T = hit.r.T));
      if (image.current?.width !== W) image.current = new ImageData(W, H);
      heatmapToRgba(hit.c.heatmap, pos, image.current.data);
      ctx.putImageData(image.current, 0, 0);
      el.dataset.version = String(hit.r.version);
      el.dataset.painted = '1';
    };
    paint(store.getState());
    repaint.current = () => paint(store.getState(), true);
    const unsubscribe = store.subscribe((s) => paint(s));
    return () => {
      repaint.current = null;
      unsubscribe();
    };
  }, [store, slot, method]);
  // A new width (e.g. 84 → 28 for the sequence task) is rendered as the canvas's width attribute,
  // and setting it clears the canvas: paint it again before the frame is shown.
  useLayoutEffect(() => repaint.current?.(), [width]);

  const readout = () => {
    if (!hover) return null;
    const hit = cellOf(store.getState(), slot, method);
    if (!hit) return null;
    const v = hit.c.heatmap[hover.row * hit.r.width + hover.col];
    const scale = displayScale(hit.c.heatmap, store.getState().grid.positiveOnly);
    const step = Math.floor(hover.col / (hit.r.width / hit.r.T)) + 1;
    return { v, rel: v / scale, step };
  };
  const ro = readout();
  const c = width / T;

  return (
    <div className="heatmap">
      <canvas ref={canvas} width={width} height={H} className="pixelated" style={{ aspectRatio: `${width} / ${H}` }} role="img" aria-label={label} data-testid="grid.heatmap" />
      <svg
        className="overlay"
        viewBox={`0 0 ${width} ${H}`}
        preserveAspectRatio="none"
        aria-hidden="true"
        onPointerMove={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          const col = Math.min(width - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * width)));
          const row = Math.min(H - 1, Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * H)));
          setHover((h) => (h && h.row === row && h.col === col ? h : { row, col }));
        }}
        onPointerLeave={() => setHover(null)}
      >
        {Array.from({ length: T - 1 }, (_, t) => (
          <line key={t} x1={(t + 1) * c} x2={(t + 1) * c} y1={H - 1.5} y2={H} className="tick" />
        ))}
        {Array.from({ length: width / 28 - 1 }, (_, b) => (
          <line key={b} x1={(b + 1) * 28} x2={(b + 1) * 28} y1={0} y2={H} className="block-line" />
        ))}
        {hover && <rect x={hover.col} y={hover.row} width={1} height={1} className="hover-px" />}
      </svg>
      {emptyNote && (
        <div className="empty-note" data-testid="grid.empty">
          {emptyNote}
        </div>
      )}
      {hover && ro && (
        <div className="readout" data-testid="grid.hover" data-value={ro.v}>
          R = {fmtSci(ro.v)} <span className="muted">({(100 * ro.rel).toFixed(0)} % of max) · row {hover.row + 1}, col {hover.col + 1}, step {ro.step}</span>
        </div>
      )}
    </div>
  );
});
