/**
 * The worker's data: base datasets fetched once from public/data (manifest-driven, core/data) and
 * the SequenceSets built from them, cached per (dataset, task, split).
 */
import { getSequenceSet, loadDataset, loadManifest, type BaseDataset, type DataManifest, type ReadBytes, type SequenceSet } from '../core/data';
import type { DataRef, DatasetId } from '../protocol/messages';

export class DataCache {
  private manifest: Promise<DataManifest> | null = null;
  private readonly bases = new Map<DatasetId, Promise<BaseDataset>>();
  private readonly sets = new Map<string, SequenceSet>();

  /**
   * @param read        reads a file of the data folder by relative path
   * @param compressed  fetch the .gz copies (smaller transfers, costs a gunzip)
   */
  constructor(
    private readonly read: ReadBytes,
    private readonly compressed: boolean,
  ) {}

  base(dataset: DatasetId): Promise<BaseDataset> {
    let p = this.bases.get(dataset);
    if (!p) {
      this.manifest ??= loadManifest(this.read);
      const manifest = this.manifest;
      p = manifest.then((m) => loadDataset(this.read, dataset, { manifest: m, compressed: this.compressed }));
      // A failed load is not cached: the next request tries again.
      p.catch(() => this.bases.delete(dataset));
      this.bases.set(dataset, p);
    }
    return p;
  }

  async set(ref: DataRef): Promise<SequenceSet> {
    const key = `${ref.dataset}/${ref.task}/${ref.split}`;
    const hit = this.sets.get(key);
    if (hit) return hit;
    const s = getSequenceSet(await this.base(ref.dataset), { task: ref.task, split: ref.split });
    this.sets.set(key, s);
    return s;
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
