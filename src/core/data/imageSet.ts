/** Containers for 28×28 grey images with labels, and small helpers over them. */

export const IMAGE_ROWS = 28;
export const IMAGE_COLS = 28;
/** Pixels per image: 28 · 28. */
export const IMAGE_SIZE = IMAGE_ROWS * IMAGE_COLS;
export const NUM_CLASSES = 10;

/**
 * n images with labels. `images` is [n, 28, 28] row-major uint8 (0 = background, 255 = ink):
 * pixel (i, row, col) is images[i·784 + row·28 + col]. `labels` is [n], values 0…9.
 */
export interface ImageSet {
  readonly n: number;
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
}

/** Builds an ImageSet after checking the lengths agree and every label is a class index. */
export function makeImageSet(images: Uint8Array, labels: Uint8Array, what = 'image set'): ImageSet {
  const n = labels.length;
  if (images.length !== n * IMAGE_SIZE) {
    throw new Error(`${what}: ${images.length} pixel bytes for ${n} labels, expected ${n * IMAGE_SIZE} (${n} × 784)`);
  }
  for (let i = 0; i < n; i++) {
    if (labels[i] >= NUM_CLASSES) throw new Error(`${what}: label ${labels[i]} at index ${i} is outside 0…${NUM_CLASSES - 1}`);
  }
  return { n, images, labels };
}

/** The 784 pixels of image i (a view, not a copy). */
export function imageAt(set: ImageSet, i: number): Uint8Array {
  if (!Number.isInteger(i) || i < 0 || i >= set.n) throw new RangeError(`image index ${i} is outside 0…${set.n - 1}`);
  return set.images.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE);
}

/** How many labels fall in each class: an array of `numClasses` counts. */
export function classCounts(labels: ArrayLike<number>, numClasses = NUM_CLASSES): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

/** The images at `indices`, copied in that order into a new ImageSet. */
export function selectImages(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const k = indices.length;
  const images = new Uint8Array(k * IMAGE_SIZE);
  const labels = new Uint8Array(k);
  for (let j = 0; j < k; j++) {
    const i = indices[j];
    images.set(set.images.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE), j * IMAGE_SIZE);
    labels[j] = set.labels[i];
  }
  return { n: k, images, labels };
}

/** Positions of each class: result[c] lists, in ascending order, the i with labels[i] = c. */
export function indicesByClass(labels: ArrayLike<number>, numClasses = NUM_CLASSES): Uint32Array[] {
  const counts = classCounts(labels, numClasses);
  const out = counts.map((c) => new Uint32Array(c));
  const fill = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) out[labels[i]][fill[labels[i]]++] = i;
  return out;
}
