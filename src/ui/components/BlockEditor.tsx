/**
 * One 28 × 28 block of the sequence (of the 28 × 84 MAJ image, or the sequence task's one 28 × 28 image), drawable with mouse, pen or touch (pointer events, coalesced
 * moves for pens). The stroke is painted into a working copy and drawn on the canvas at once, in
 * the pointer handler (no React render: the canvas is drawn from the typed array). The store (and
 * so the grid) receives the working copy at most once per animation frame while drawing, only when
 * it changed, and once more at the end of the stroke if it changed since. The canvas repaints from
 * the store through `subscribe`. The canvas's position is read once per stroke (at pointerdown):
 * reading it on every move would force a layout whenever anything else on the page changed.
 */
import { useEffect, useRef } from 'react';
import { paintSegment, type Brush } from '../lib/brush';
import { greyToRgba } from '../sequence-image';
import { useAppStore } from '../store-context';

const S = 28;

interface Props {
  block: number;
  brush: Brush;
  label: string;
  disabled: boolean;
}

/** Paints block `block` of a 28-row grey image (28 × 84 or 28 × 28) into a 28 × 28 canvas, through `buf` (784 grey levels) and `image` (28 × 28 RGBA), reused. */
function paintBlock(canvas: HTMLCanvasElement, pixels: Uint8Array, block: number, buf: { grey: Uint8Array; image: ImageData }): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const W = pixels.length / S;
  for (let r = 0; r < S; r++) buf.grey.set(pixels.subarray(r * W + S * block, r * W + S * block + S), r * S);
  greyToRgba(buf.grey, buf.image.data);
  ctx.putImageData(buf.image, 0, 0);
}

interface Stroke {
  work: Uint8Array;
  x: number;
  y: number;
  frame: number | null;
  id: number;
  /** The working copy changed since it was last given to the store. */
  dirty: boolean;
  /** The canvas's box at pointerdown. */
  rect: { left: number; top: number; width: number; height: number };
}

export function BlockEditor({ block, brush, label, disabled }: Props) {
  const store = useAppStore();
  const canvas = useRef<HTMLCanvasElement>(null);
  const stroke = useRef<Stroke | null>(null);
  const buffers = useRef<{ grey: Uint8Array; image: ImageData } | null>(null);
  const imageData = () => (buffers.current ??= { grey: new Uint8Array(S * S), image: new ImageData(S, S) });

  useEffect(() => {
    let last: Uint8Array | null = null;
    const sync = () => {
      const px = store.getState().seq.pixels;
      if (!px || px === last || stroke.current || !canvas.current) return;
      last = px;
      paintBlock(canvas.current, px, block, imageData());
    };
    sync();
    return store.subscribe(sync);
  }, [store, block]);

  const point = (s: Stroke, e: { clientX: number; clientY: number }) => ({ x: ((e.clientX - s.rect.left) / s.rect.width) * S, y: ((e.clientY - s.rect.top) / s.rect.height) * S });
  /** Gives the working copy to the store (a grid request follows unless the model is busy). */
  const commit = () => {
    const s = stroke.current;
    if (!s) return;
    s.frame = null;
    if (!s.dirty) return;
    s.dirty = false;
    store.getState().actions.paint(s.work.slice(), block);
  };
  const finish = () => {
    const s = stroke.current;
    if (!s) return;
    if (s.frame !== null) cancelAnimationFrame(s.frame);
    commit();
    stroke.current = null;
    store.getState().actions.endStroke();
  };
  const view = (work: Uint8Array) => ({ px: work, stride: work.length / S, offset: S * block, size: S });

  return (
    <canvas
      ref={canvas}
      width={S}
      height={S}
      className={`pixelated block-canvas ${disabled ? 'disabled' : ''}`}
      data-testid={`sequence.block.${block}`}
      role="img"
      aria-label={label}
      onPointerDown={(e) => {
        const px = store.getState().seq.pixels;
        if (disabled || !px || (e.pointerType === 'mouse' && e.button !== 0)) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        store.getState().actions.beginStroke();
        const r = e.currentTarget.getBoundingClientRect();
        const s: Stroke = { work: px.slice(), x: 0, y: 0, frame: null, id: e.pointerId, dirty: false, rect: { left: r.left, top: r.top, width: r.width, height: r.height } };
        stroke.current = s;
        const p = point(s, e);
        s.x = p.x;
        s.y = p.y;
        s.dirty = paintSegment(view(s.work), p.x, p.y, p.x, p.y, brush);
        paintBlock(e.currentTarget, s.work, block, imageData());
        s.frame = requestAnimationFrame(commit);
      }}
      onPointerMove={(e) => {
        const s = stroke.current;
        if (!s || s.id !== e.pointerId) return;
        const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
        let changed = false;
        for (const ev of events.length ? events : [e.nativeEvent]) {
          const p = point(s, ev);
          changed = paintSegment(view(s.work), s.x, s.y, p.x, p.y, brush) || changed;
          s.x = p.x;
          s.y = p.y;
        }
        if (!changed) return;
        s.dirty = true;
        paintBlock(e.currentTarget, s.work, block, imageData());
        s.frame ??= requestAnimationFrame(commit);
      }}
      onPointerUp={(e) => {
        if (stroke.current?.id === e.pointerId) finish();
      }}
      onPointerCancel={finish}
    />
  );
}
