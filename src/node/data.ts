/**
 * Node adapter of the data layer: reads public/data (written by scripts/prepare-data.mjs at
 * `npm install`) through the manifest-driven loader of src/core/data. Used by the CLI and tests.
 * Loaded datasets are cached per process (each is about 55 MB of pixels).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  getSequenceSet,
  loadDataset,
  loadManifest,
  type BaseDataset,
  type DataManifest,
  type DatasetName,
  type LoadOptions,
  type ReadBytes,
  type SequenceSet,
  type SequenceSpec,
} from '../core/data/index';

/** public/data of this checkout, or $RRX_DATA_DIR when set. */
export function dataDir(): string {
  return path.resolve(process.env.RRX_DATA_DIR ?? fileURLToPath(new URL('../../public/data/', import.meta.url)));
}

/** A ReadBytes over a directory; a missing file becomes an Error that says to run npm install. */
export function nodeReader(dir: string = dataDir()): ReadBytes {
  return async (relPath) => {
    const file = path.join(dir, relPath);
    try {
      const buf = await readFile(file);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(`${file} is missing: the datasets have not been prepared; run \`npm install\` (or \`node scripts/prepare-data.mjs\`)`);
      }
      throw err;
    }
  };
}

/** The manifest of `dir` (default: dataDir()). */
export function loadNodeManifest(dir: string = dataDir()): Promise<DataManifest> {
  return loadManifest(nodeReader(dir));
}

const cache = new Map<string, Promise<BaseDataset>>();

/**
 * One base dataset from `dir`, cached per (dir, name, verify). verify 'size' (default) checks
 * file lengths, 'sha256' also recomputes checksums (about 0.2 s per dataset).
 */
export function loadNodeDataset(name: DatasetName, opts: { dir?: string; verify?: LoadOptions['verify'] } = {}): Promise<BaseDataset> {
  const dir = opts.dir ?? dataDir();
  const key = `${dir}\0${name}\0${opts.verify ?? 'size'}`;
  let p = cache.get(key);
  if (!p) {
    p = loadDataset(nodeReader(dir), name, { verify: opts.verify });
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** The SequenceSet of (dataset, task, split[, fold]) from the prepared data (see docs/data.md). */
export async function loadSequenceSet(spec: SequenceSpec & { dataset: DatasetName; dir?: string }): Promise<SequenceSet> {
  const base = await loadNodeDataset(spec.dataset, { dir: spec.dir });
  return getSequenceSet(base, spec);
}
