/**
 * Manifest-driven loading of the prepared datasets, shared by Node (src/node/data.ts reads files)
 * and the browser (fetchReader.ts). The reader only turns a relative path into bytes; this module
 * picks the files, undoes gzip where needed, checks sizes (and SHA-256 on request), and decodes.
 */
import { CLASS_NAMES, DATASET_NAMES, makeBaseDataset, type BaseDataset, type DatasetName } from './dataset';
import { gunzip, isGzip } from './gzip';
import { classCounts, IMAGE_SIZE, makeImageSet, type ImageSet } from './imageSet';
import { MANIFEST_FILE, STORED_SPLITS, validateManifest, type DataManifest, type FileEntry, type StoredSplit } from './manifest';
import { sha256Hex } from './sha256';

/** Reads a file of the data directory, given its path relative to that directory. */
export type ReadBytes = (relPath: string) => Promise<Uint8Array>;

export interface LoadOptions {
  /** 'size' (default): check every file's length against the manifest; 'sha256': also its checksum. */
  verify?: 'size' | 'sha256';
  /** Read the `.gz` copies (smaller downloads in the browser). Falls back to the plain file if the `.gz` cannot be read. */
  compressed?: boolean;
  /** A manifest already loaded (saves one read). */
  manifest?: DataManifest;
  /** Called after each file: files done, files in all, the file's path. */
  onProgress?: (done: number, total: number, path: string) => void;
}

const REGENERATE = 'run `npm install` (or `node scripts/prepare-data.mjs`) to regenerate public/data';

/** Reads and validates manifest.json. */
export async function loadManifest(read: ReadBytes): Promise<DataManifest> {
  const bytes = await read(MANIFEST_FILE);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new Error(`${MANIFEST_FILE}: not valid JSON (${(err as Error).message}); ${REGENERATE}`);
  }
  return validateManifest(json);
}

/** Reads one data file (its gzip copy if asked and present) and checks it against the manifest. */
export async function readDataFile(read: ReadBytes, entry: FileEntry, opts: LoadOptions = {}): Promise<Uint8Array> {
  let bytes: Uint8Array | undefined;
  if (opts.compressed && entry.gzip) {
    let fetched: Uint8Array | undefined;
    try {
      fetched = await read(entry.gzip.path);
    } catch {
      fetched = undefined; // no gzip copy reachable: use the plain file below
    }
    if (fetched) {
      // Still compressed (exact gzip size and magic) → decode; otherwise the HTTP layer already decoded it.
      bytes = fetched.length === entry.gzip.bytes && isGzip(fetched) ? await gunzip(fetched, entry.gzip.path) : fetched;
    }
  }
  bytes ??= await read(entry.path);
  if (bytes.length !== entry.bytes) {
    throw new Error(`${entry.path}: ${bytes.length} bytes, the manifest says ${entry.bytes}: the prepared data is stale or corrupt; ${REGENERATE}`);
  }
  if (opts.verify === 'sha256') {
    const sha = await sha256Hex(bytes);
    if (sha !== entry.sha256) throw new Error(`${entry.path}: SHA-256 ${sha} does not match the manifest (${entry.sha256}); ${REGENERATE}`);
  }
  return bytes;
}

/** Loads one base dataset: official (or our Fashion) train then test, as one BaseDataset. */
export async function loadDataset(read: ReadBytes, name: DatasetName, opts: LoadOptions = {}): Promise<BaseDataset> {
  if (!DATASET_NAMES.includes(name)) throw new Error(`unknown dataset "${name}"; valid: ${DATASET_NAMES.join(', ')}`);
  const manifest = opts.manifest ?? (await loadManifest(read));
  const entry = manifest.datasets[name];
  const total = STORED_SPLITS.length * 2;
  let done = 0;
  const parts = {} as Record<StoredSplit, ImageSet>;
  for (const split of STORED_SPLITS) {
    const s = entry[split];
    const images = await readDataFile(read, s.images, opts);
    opts.onProgress?.(++done, total, s.images.path);
    const labels = await readDataFile(read, s.labels, opts);
    opts.onProgress?.(++done, total, s.labels.path);
    const set = makeImageSet(images, labels, `${name} ${split}`);
    const counts = classCounts(set.labels);
    if (counts.some((c, i) => c !== s.classCounts[i])) {
      throw new Error(`${s.labels.path}: class counts ${counts.join(',')} differ from the manifest's ${s.classCounts.join(',')}; ${REGENERATE}`);
    }
    parts[split] = set;
  }
  const ds = makeBaseDataset(name, parts.train, parts.test);
  return { ...ds, classNames: entry.classNames.length === 10 ? entry.classNames : CLASS_NAMES[name] };
}

/** A base dataset whose training images are read on demand (loadDatasetTestFirst). */
export interface TestFirstDataset {
  /**
   * The base dataset: every label, the test images, and room for the training images, which read
   * as 0 until `loadTrainImages()` has resolved. Only test images may be read before that.
   */
  base: BaseDataset;
  /** True once the training images are in `base.images`. */
  trainImagesLoaded(): boolean;
  /** Reads the training images into `base.images` (once; later calls return the same promise). */
  loadTrainImages(): Promise<void>;
}

/**
 * Loads a base dataset for a page that explains test sequences: the test images and all labels
 * now (MNIST: 1.6 MB of gzip instead of 11.4 MB), the training images only when asked for (a
 * training run). Global indices are those of loadDataset: train at [0, nTrain), test after.
 */
export async function loadDatasetTestFirst(read: ReadBytes, name: DatasetName, opts: LoadOptions = {}): Promise<TestFirstDataset> {
  if (!DATASET_NAMES.includes(name)) throw new Error(`unknown dataset "${name}"; valid: ${DATASET_NAMES.join(', ')}`);
  const manifest = opts.manifest ?? (await loadManifest(read));
  const entry = manifest.datasets[name];
  const labelsOf = async (split: StoredSplit) => {
    const s = entry[split];
    const labels = await readDataFile(read, s.labels, opts);
    const counts = classCounts(labels);
    if (counts.some((c, i) => c !== s.classCounts[i])) {
      throw new Error(`${s.labels.path}: class counts ${counts.join(',')} differ from the manifest's ${s.classCounts.join(',')}; ${REGENERATE}`);
    }
    return labels;
  };
  // The three files side by side (one round trip instead of three).
  const [trainLabels, testImages, testLabels] = await Promise.all([labelsOf('train'), readDataFile(read, entry.test.images, opts), labelsOf('test')]);
  const test = makeImageSet(testImages, testLabels, `${name} test`);
  const nTrain = trainLabels.length;
  // Zero-filled room for the training images (memory the system commits only once it is written).
  const images = new Uint8Array((nTrain + test.n) * IMAGE_SIZE);
  images.set(test.images, nTrain * IMAGE_SIZE);
  const labels = new Uint8Array(nTrain + test.n);
  labels.set(trainLabels, 0);
  labels.set(test.labels, nTrain);
  const all = makeImageSet(images, labels, name);
  const base: BaseDataset = { ...all, name, nTrain, nTest: test.n, classNames: entry.classNames.length === 10 ? entry.classNames : CLASS_NAMES[name] };
  let loaded = false;
  let loading: Promise<void> | null = null;
  return {
    base,
    trainImagesLoaded: () => loaded,
    loadTrainImages() {
      loading ??= readDataFile(read, entry.train.images, opts).then(
        (train) => {
          images.set(train, 0);
          loaded = true;
        },
        (err: unknown) => {
          loading = null; // a failed read is tried again by the next call
          throw err;
        },
      );
      return loading;
    },
  };
}

/** Loads both datasets (about 110 MB of pixels). */
export async function loadDatasets(read: ReadBytes, opts: LoadOptions = {}): Promise<{ manifest: DataManifest } & Record<DatasetName, BaseDataset>> {
  const manifest = opts.manifest ?? (await loadManifest(read));
  const mnist = await loadDataset(read, 'mnist', { ...opts, manifest });
  const fashion = await loadDataset(read, 'fashion', { ...opts, manifest });
  return { manifest, mnist, fashion };
}
