/**
 * The column-wise sequence split of facts §1.1. An image is 28 × W (rows × columns; W = 28 for
 * MNIST/Fashion-MNIST, 84 for MAJ). With T steps, c = W / T columns per step: step t (0-based)
 * takes columns [t·c, (t+1)·c), flattened row-major, so pixel (row, col) of that slice is element
 * row·c + (col − t·c) of the step's vector of length 28·c.
 *
 * The thesis code uses c = W // T and silently ignores the last W − T·c columns when T does not
 * divide W; here T must divide W (an Error otherwise), so no column is ever dropped.
 */
import { IMAGE_ROWS } from './imageSet';

/** The divisors of `width`: the step counts T that `toSteps` accepts for that width. */
export function validStepCounts(width: number): number[] {
  const out: number[] = [];
  for (let t = 1; t <= width; t++) if (width % t === 0) out.push(t);
  return out;
}

/** Columns per step, c = W / T. Throws unless T is a positive divisor of W. */
export function stepWidth(width: number, T: number): number {
  if (!Number.isInteger(T) || T < 1 || width % T !== 0) {
    throw new RangeError(`T = ${T} does not divide the image width ${width}; valid T: ${validStepCounts(width).join(', ')}`);
  }
  return width / T;
}

/**
 * Images → step vectors. images: [n, 28, W] row-major; returns [n, T, 28·c] with
 * out[((i·T + t)·28 + row)·c + j] = images[(i·28 + row)·W + t·c + j].
 */
export function toSteps(images: ArrayLike<number>, n: number, width: number, T: number, out?: Float32Array): Float32Array {
  const c = stepWidth(width, T);
  const size = n * IMAGE_ROWS * width;
  if (images.length !== size) throw new RangeError(`toSteps: images has ${images.length} elements, expected n·28·W = ${size}`);
  const o = out ?? new Float32Array(size);
  if (o.length !== size) throw new RangeError(`toSteps: out has ${o.length} elements, expected ${size}`);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) {
      for (let row = 0; row < IMAGE_ROWS; row++) {
        const src = (i * IMAGE_ROWS + row) * width + t * c;
        for (let j = 0; j < c; j++) o[k++] = images[src + j];
      }
    }
  }
  return o;
}

/**
 * Step vectors → images, the inverse of toSteps (e.g. per-step relevances → a 28 × W heatmap).
 * steps: [n, T, 28·c] row-major; returns [n, 28, W].
 */
export function fromSteps(steps: ArrayLike<number>, n: number, width: number, T: number, out?: Float32Array): Float32Array {
  const c = stepWidth(width, T);
  const size = n * IMAGE_ROWS * width;
  if (steps.length !== size) throw new RangeError(`fromSteps: steps has ${steps.length} elements, expected n·T·28·c = ${size}`);
  const o = out ?? new Float32Array(size);
  if (o.length !== size) throw new RangeError(`fromSteps: out has ${o.length} elements, expected ${size}`);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) {
      for (let row = 0; row < IMAGE_ROWS; row++) {
        const dst = (i * IMAGE_ROWS + row) * width + t * c;
        for (let j = 0; j < c; j++) o[dst + j] = steps[k++];
      }
    }
  }
  return o;
}

/** One sample's per-step vectors [T][28·c] → its 28 × W heatmap, [28·W] row-major. */
export function stepsToHeatmap(perStep: ArrayLike<ArrayLike<number>>, width: number): Float32Array {
  const T = perStep.length;
  const c = stepWidth(width, T);
  const flat = new Float32Array(IMAGE_ROWS * width);
  for (let t = 0; t < T; t++) {
    if (perStep[t].length !== IMAGE_ROWS * c) throw new RangeError(`stepsToHeatmap: step ${t} has ${perStep[t].length} values, expected 28·c = ${IMAGE_ROWS * c}`);
    flat.set(perStep[t], t * IMAGE_ROWS * c);
  }
  return fromSteps(flat, 1, width, T);
}
