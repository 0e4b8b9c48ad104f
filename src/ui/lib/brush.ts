/**
 * Painting on a block of grey levels (0…255, the data's own scale: the worker maps p to
 * x = 2p/255 − 1 exactly as for dataset images). A stroke segment is painted with a round brush
 * whose intensity falls off linearly from the core radius to the outer radius, in pixel units:
 *   intensity(d) = clamp((R − d) / (R − hardness·R), 0, 1) · 255,  d = distance of the pixel centre to the segment
 * Drawing keeps the brighter value (max), erasing the darker one (min with 255 − intensity), so
 * going over a stroke twice does not thicken it further.
 */
export type BrushMode = 'draw' | 'erase';

export interface Brush {
  mode: BrushMode;
  /** Outer radius R in pixels. */
  radius: number;
  /** Fraction of R painted at full intensity. */
  hardness: number;
}

/** Close to MNIST's anti-aliased strokes (about 2–3 pixels wide at 28 × 28). */
export const PEN: Brush = { mode: 'draw', radius: 1.6, hardness: 0.45 };
export const ERASER: Brush = { mode: 'erase', radius: 2.4, hardness: 0.6 };

/** A view of one block inside a wider image: pixel (row, col) of the block is px[row·stride + offset + col]. */
export interface BlockView {
  px: Uint8Array;
  stride: number;
  offset: number;
  size: number;
}

function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * Paints the segment (x0, y0) → (x1, y1), in block pixel coordinates (0…size, the pixel (r, c)
 * covering [c, c+1) × [r, r+1)). Returns whether any pixel changed.
 */
export function paintSegment(view: BlockView, x0: number, y0: number, x1: number, y1: number, brush: Brush): boolean {
  const R = brush.radius;
  const core = brush.hardness * R;
  const c0 = Math.max(0, Math.floor(Math.min(x0, x1) - R));
  const c1 = Math.min(view.size - 1, Math.ceil(Math.max(x0, x1) + R));
  const r0 = Math.max(0, Math.floor(Math.min(y0, y1) - R));
  const r1 = Math.min(view.size - 1, Math.ceil(Math.max(y0, y1) + R));
  let changed = false;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const d = distToSegment(c + 0.5, r + 0.5, x0, y0, x1, y1);
      if (d >= R) continue;
      const a = Math.round(255 * Math.min(1, (R - d) / (R - core)));
      const i = r * view.stride + view.offset + c;
      const old = view.px[i];
      const v = brush.mode === 'draw' ? Math.max(old, a) : Math.min(old, 255 - a);
      if (v !== old) {
        view.px[i] = v;
        changed = true;
      }
    }
  }
  return changed;
}

/** Sets every pixel of the block to 0 (background, x = −1). */
export function clearBlock(view: BlockView): void {
  for (let r = 0; r < view.size; r++) view.px.fill(0, r * view.stride + view.offset, r * view.stride + view.offset + view.size);
}

/** Copies a size × size image into the block. */
export function putBlock(view: BlockView, image: ArrayLike<number>): void {
  for (let r = 0; r < view.size; r++) for (let c = 0; c < view.size; c++) view.px[r * view.stride + view.offset + c] = image[r * view.size + c];
}

/** The block's pixels as a size × size image. */
export function getBlock(view: BlockView): Uint8Array {
  const out = new Uint8Array(view.size * view.size);
  for (let r = 0; r < view.size; r++) out.set(view.px.subarray(r * view.stride + view.offset, r * view.stride + view.offset + view.size), r * view.size);
  return out;
}
