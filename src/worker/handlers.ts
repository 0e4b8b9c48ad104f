/**
 * The worker's protocol handlers: one per call kind of protocol/messages.ts. The worker owns the
 * data, the model (weights) and the training job; the page receives plain summaries.
 */
import * as tf from '../core/tf';
import { getPreset } from '../core/cells';
import { explain } from '../core/explain/explain';
import { limitSource } from '../core/train/subset';
import type { ReadBytes } from '../core/data';
import type { BackendName, Explanation, HelloResult, TrainState } from '../protocol/messages';
import { transfer, type Handlers } from '../protocol/server';
import { DataCache } from './data-cache';
import { freshModel, modelFromFiles, ModelSlot, summarize } from './model-slot';
import { TrainingJob } from './training-job';

export interface WorkerDeps {
  /** Activates a TF.js backend (init-backend.ts in the browser; a fixed one in tests). */
  initBackend: (requested: BackendName | null) => Promise<HelloResult>;
  read: ReadBytes;
  /** Fetch the gzip copies of the data files. */
  compressed: boolean;
}

export function createHandlers(deps: WorkerDeps): Handlers {
  const data = new DataCache(deps.read, deps.compressed);
  const slot = new ModelSlot();
  let hello: Promise<HelloResult> | null = null;
  let helloFor: BackendName | null | undefined;
  let job: TrainingJob | null = null;

  /** Every TF.js call waits for the backend (the default choice when the page never said hello). */
  const backend = () => (hello ??= deps.initBackend(null));
  const noTraining = (what: string) => {
    if (job) throw new Error(`stop training before you ${what}`);
  };
  const jobState = (): TrainState => job?.state ?? 'idle';

  return {
    async hello({ backend: requested }) {
      if (!hello || helloFor !== requested) {
        helloFor = requested;
        hello = deps.initBackend(requested);
      }
      return hello;
    },

    async loadData(ref) {
      const set = await data.set(ref);
      const base = await data.base(ref.dataset);
      return { ...ref, n: set.n, width: set.width, classNames: [...base.classNames] };
    },

    async getSample(req) {
      const set = await data.set(req);
      if (req.index >= set.n) throw new Error(`index ${req.index} is out of range: the set has ${set.n} sequences (0…${set.n - 1})`);
      const pixels = set.rawPixels(req.index).slice();
      const mask = set.masks ? Array.from(set.masks.subarray(req.index * set.blocks, (req.index + 1) * set.blocks)) : null;
      const sample = { dataset: req.dataset, task: req.task, split: req.split, index: req.index, n: set.n, width: set.width, label: set.labels[req.index], mask, pixels };
      return transfer(sample, [pixels.buffer]);
    },

    async initModel(req) {
      noTraining('replace the model');
      await backend();
      return slot.replace(freshModel(req.preset, req.task, req.seed, req.T));
    },

    async loadModel(req) {
      noTraining('load a model');
      await backend();
      // Any error (format, shapes, byte length, non-finite values) leaves the current model in place.
      return slot.replace(modelFromFiles(req.json, req.weights, req.name));
    },

    async trainStart(req, ctx) {
      getPreset(req.preset); // unknown id → error listing the valid ones
      job?.stop(); // a new run supersedes the old one (its call is answered 'superseded')
      await backend();
      const set = await data.set({ dataset: req.dataset, task: req.task, split: 'train' });
      const source = limitSource(set, req.limit, req.seed);
      const model = freshModel(req.preset, req.task, req.seed, req.T);
      const mine = new TrainingJob();
      job = mine;
      try {
        const r = await mine.run({
          model,
          data: source,
          epochs: req.epochs,
          batchSize: req.batchSize,
          lr: req.lr,
          seed: req.seed,
          signal: ctx.signal,
          onProgress: (p) => ctx.progress({ ...p }),
        });
        if (ctx.signal.aborted) {
          tf.dispose(Object.values(model.weights));
          return { ...r, model: model.summary };
        }
        const detail = `trained on ${source.n} ${req.dataset}-${req.task} sequences, ${r.iterations} steps${r.aborted ? ' (stopped early)' : ''}, ${tf.getBackend()}`;
        const summary = slot.replace({ ...model, summary: summarize(model.cell, getPreset(req.preset).id, 'trained', detail) });
        return { ...r, model: summary };
      } catch (err) {
        tf.dispose(Object.values(model.weights));
        throw err;
      } finally {
        if (job === mine) job = null;
      }
    },

    trainPause: () => ({ state: job ? job.pause() : jobState() }),
    trainResume: () => ({ state: job ? job.resume() : jobState() }),
    trainStop: () => ({ state: job ? job.stop() : jobState() }),

    async explain(req, ctx) {
      const hello = await backend();
      const m = slot.model;
      if (!m) throw new Error('no model: train one, load a model file pair, or initialise one first');
      const set = await data.set(req);
      if (set.width !== m.cell.options.width) throw new Error(`the model reads width ${m.cell.options.width}, the ${req.task} sequences are ${set.width} wide`);
      if (req.index >= set.n) throw new Error(`index ${req.index} is out of range: the set has ${set.n} sequences (0…${set.n - 1})`);
      const t0 = performance.now();
      const x = set.batch([req.index]);
      const label = set.labels[req.index];
      const target = req.target === undefined ? 'true' : req.target === 'predicted' ? 'predicted' : [req.target];
      const r = await explain(m.cell, m.weights, x, {
        method: req.method,
        params: req.params,
        labels: [label],
        masks: set.masks ? set.masks.subarray(req.index * set.blocks, (req.index + 1) * set.blocks) : null,
        target,
      });
      if (ctx.signal.aborted) throw new Error('superseded');
      const s = r.sequences[0];
      const out: Explanation = {
        method: r.method,
        label: r.label,
        index: req.index,
        width: r.width,
        T: r.T,
        heatmap: s.heatmap,
        perStep: s.perStep,
        logits: s.logits,
        target: s.target,
        predicted: s.predicted,
        blockShares: s.blockShares,
        cosine: s.cosine,
        conservation: s.conservation,
        backend: hello.backend,
        ms: performance.now() - t0,
      };
      return transfer(out, [s.heatmap.buffer]);
    },
  };
}
