/**
 * One 28 × 28 block of the sequence, drawable with mouse, pen or touch (pointer events, coalesced
 * moves for pens). The stroke is painted into a working copy and shown at once; the store (and so
 * the grid) receives it once per animation frame while drawing and once at the end of the stroke.
 * The canvas repaints from the store through `subscribe`.
 */
import { useEffect, useRef } from 'react';
import { paintSegment, type Brush } from '../lib/brush';
import { greyToRgba } from '../sequence-image';
import { useAppStore } from '../store-context';

const W = 84;
const S = 28;

interface Props {
  block: number;
  brush: Brush;
  label: string;
  disabled: boolean;
}

/** Paints block `block` of a 28 × 84 grey image into a 28 × 28 canvas. */
function paintBlock(canvas: HTMLCanvasElement, pixels: Uint8Array, block: number): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const px = new Uint8Array(S * S);
  for (let r = 0; r < S; r++) px.set(pixels.subarray(r * W + S * block, r * W + S * block + S), r * S);
  ctx.putImageData(new ImageData(greyToRgba(px) as Uint8ClampedArray<ArrayBuffer>, S, S), 0, 0);
}

export function BlockEditor({ block, brush, label, disabled }: Props) {
  const store = useAppStore();
  const canvas = useRef<HTMLCanvasElement>(null);
  const stroke = useRef<{ work: Uint8Array; x: number; y: number; frame: number | null; id: number } | null>(null);

  useEffect(() => {
    let last: Uint8Array | null = null;
    const sync = () => {
      const px = store.getState().seq.pixels;
      if (!px || px === last || stroke.current || !canvas.current) return;
      last = px;
      paintBlock(canvas.current, px, block);
    };
    sync();
    return store.subscribe(sync);
  }, [store, block]);

  const point = (e: { clientX: number; clientY: number }) => {
    const r = canvas.current!.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * S, y: ((e.clientY - r.top) / r.height) * S };
  };
  const commit = () => {
    const s = stroke.current;
    if (!s) return;
    s.frame = null;
    store.getState().actions.paint(s.work.slice(), block);
  };
  const view = (work: Uint8Array) => ({ px: work, stride: W, offset: S * block, size: S });

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
        const p = point(e);
        const work = px.slice();
        stroke.current = { work, x: p.x, y: p.y, frame: null, id: e.pointerId };
        paintSegment(view(work), p.x, p.y, p.x, p.y, brush);
        paintBlock(e.currentTarget, work, block);
        stroke.current.frame = requestAnimationFrame(commit);
      }}
      onPointerMove={(e) => {
        const s = stroke.current;
        if (!s || s.id !== e.pointerId) return;
        const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
        let changed = false;
        for (const ev of events.length ? events : [e.nativeEvent]) {
          const p = point(ev);
          changed = paintSegment(view(s.work), s.x, s.y, p.x, p.y, brush) || changed;
          s.x = p.x;
          s.y = p.y;
        }
        if (!changed) return;
        paintBlock(e.currentTarget, s.work, block);
        s.frame ??= requestAnimationFrame(commit);
      }}
      onPointerUp={(e) => {
        const s = stroke.current;
        if (!s || s.id !== e.pointerId) return;
        if (s.frame !== null) cancelAnimationFrame(s.frame);
        commit();
        stroke.current = null;
        store.getState().actions.endStroke();
      }}
      onPointerCancel={() => {
        const s = stroke.current;
        if (!s) return;
        if (s.frame !== null) cancelAnimationFrame(s.frame);
        commit();
        stroke.current = null;
        store.getState().actions.endStroke();
      }}
    />
  );
}
