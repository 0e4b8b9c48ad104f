/**
 * The worker's data: base datasets fetched once from public/data (manifest-driven, core/data) and
 * the SequenceSets built from them, cached per (dataset, task, split). The page explains test
 * sequences, so a dataset's test images (and all labels) are fetched first and its training images
 * only when something needs them: a training run (the train and val splits) or a training image
 * asked for by its index (loadDatasetTestFirst: 1.6 MB instead of 11.4 MB for MNIST at start).
 */
import { getSequenceSet, loadDatasetTestFirst, loadManifest, type BaseDataset, type DataManifest, type ReadBytes, type SequenceSet, type TestFirstDataset } from '../core/data';
import type { DataRef, DatasetId } from '../protocol/messages';

export class DataCache {
  private manifest: Promise<DataManifest> | null = null;
  private readonly bases = new Map<DatasetId, Promise<TestFirstDataset>>();
  private readonly sets = new Map<string, Promise<SequenceSet>>();

  /**
   * @param read        reads a file of the data folder by relative path
   * @param compressed  fetch the .gz copies (smaller transfers, costs a gunzip)
   */
  constructor(
    private readonly read: ReadBytes,
    private readonly compressed: boolean,
  ) {}

  private loaded(dataset: DatasetId): Promise<TestFirstDataset> {
    let p = this.bases.get(dataset);
    if (!p) {
      this.manifest ??= loadManifest(this.read);
      const manifest = this.manifest;
      p = manifest.then((m) => loadDatasetTestFirst(this.read, dataset, { manifest: m, compressed: this.compressed }));
      // A failed load is not cached: the next request tries again.
      p.catch(() => this.bases.delete(dataset));
      this.bases.set(dataset, p);
    }
    return p;
  }

  /** The base dataset with its test images (its training images read as 0 until withTrainImages). */
  async base(dataset: DatasetId): Promise<BaseDataset> {
    return (await this.loaded(dataset)).base;
  }

  /** The base dataset with its training images too (fetched on the first call). */
  async withTrainImages(dataset: DatasetId): Promise<BaseDataset> {
    const d = await this.loaded(dataset);
    await d.loadTrainImages();
    return d.base;
  }

  /** The base dataset, with its training images when `baseIndex` is one of them. */
  async baseFor(dataset: DatasetId, baseIndex: number): Promise<BaseDataset> {
    const d = await this.loaded(dataset);
    if (baseIndex < d.base.nTrain) await d.loadTrainImages();
    return d.base;
  }

  /** True once the dataset's training images are loaded (for tests). */
  async hasTrainImages(dataset: DatasetId): Promise<boolean> {
    return (await this.loaded(dataset)).trainImagesLoaded();
  }

  /** The sequence set (built once: two requests at the same time share one build). */
  set(ref: DataRef): Promise<SequenceSet> {
    const key = `${ref.dataset}/${ref.task}/${ref.split}`;
    let p = this.sets.get(key);
    if (!p) {
      // The test split reads test images only; the train and val splits read training images.
      const base = ref.split === 'test' ? this.base(ref.dataset) : this.withTrainImages(ref.dataset);
      p = base.then((b) => getSequenceSet(b, { task: ref.task, split: ref.split }));
      // A failed load is not cached: the next request tries again.
      p.catch(() => this.sets.delete(key));
      this.sets.set(key, p);
    }
    return p;
  }

  private readonly byClass = new Map<string, Uint32Array>();

  /** Global indices of the test images of class `label` (cached). */
  async testImagesOfClass(dataset: DatasetId, label: number): Promise<Uint32Array> {
    const key = `img/${dataset}/${label}`;
    const hit = this.byClass.get(key);
    if (hit) return hit;
    const b = await this.base(dataset);
    const out: number[] = [];
    for (let i = b.nTrain; i < b.n; i++) if (b.labels[i] === label) out.push(i);
    const arr = Uint32Array.from(out);
    this.byClass.set(key, arr);
    return arr;
  }

  /** Indices (into the set) of the sequences labelled `label` (cached). */
  async sequencesOfClass(ref: DataRef, label: number): Promise<Uint32Array> {
    const key = `seq/${ref.dataset}/${ref.task}/${ref.split}/${label}`;
    const hit = this.byClass.get(key);
    if (hit) return hit;
    const set = await this.set(ref);
    const out: number[] = [];
    for (let i = 0; i < set.n; i++) if (set.labels[i] === label) out.push(i);
    const arr = Uint32Array.from(out);
    this.byClass.set(key, arr);
    return arr;
  }
}
