/**
 * The worker's protocol handlers: one per call kind of protocol/messages.ts. The worker owns the
 * data, the models (named slots: the grid's columns) and the training job; the page receives plain
 * summaries and results.
 */
import * as tf from '../core/tf';
import { getPreset } from '../core/cells';
import { explain } from '../core/explain/explain';
import { parseModelJson } from '../core/model-io/parse-model';
import { serializeModel } from '../core/model-io/serialize-model';
import { readWeightValues } from '../core/model-io/variables';
import { evaluate } from '../core/train/evaluate';
import { limitSource } from '../core/train/subset';
import type { ReadBytes } from '../core/data';
import type { BackendName, Explanation, HelloResult, TrainProgressMsg, TrainState } from '../protocol/messages';
import { transfer, type Handlers } from '../protocol/server';
import { DataCache } from './data-cache';
import { explainGrid } from './explain-grid';
import { perturbationCurves, randomisationStages } from './faithfulness-jobs';
import { freshModel, modelFromFiles, ModelSlots, summarize, type Model } from './model-slot';
import { checkpointFiles, resumeFromFiles, runMetrics, trainingRecord } from './train-checkpoint';
import { TrainingJob } from './training-job';

export interface WorkerDeps {
  /** Activates a TF.js backend, never one of `avoid` (init-backend.ts in the browser; a fixed one in tests). */
  initBackend: (requested: BackendName | null, avoid?: readonly BackendName[], opts?: { candidates?: readonly BackendName[]; methods?: readonly string[] }) => Promise<HelloResult>;
  read: ReadBytes;
  /** Fetch the gzip copies of the data files. */
  compressed: boolean;
  /** Test hook of the `crash` call: destroys the GPU device (false when there is none). */
  loseDevice?: () => boolean;
}

/** Seed of the evaluation subset (limitSource): the same sequences for every model. */
const EVAL_SEED = 1;

/** Lets queued messages run first (a newer grid request then supersedes this one before it computes). */
const letQueuedMessagesRun = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function createHandlers(deps: WorkerDeps): Handlers {
  const data = new DataCache(deps.read, deps.compressed);
  const slots = new ModelSlots();
  let hello: Promise<HelloResult> | null = null;
  /** The backend request the current hello answers (requested and avoided backends). */
  let helloFor: string | undefined;
  let job: TrainingJob | null = null;
  /** The slot being trained into (it must not be replaced or removed meanwhile). */
  let trainingSlot: string | null = null;

  /** Every TF.js call waits for the backend (the default choice when the page never said hello). */
  const backend = () => (hello ??= deps.initBackend(null));
  const notTraining = (slot: string, what: string) => {
    if (job && trainingSlot === slot) throw new Error(`stop training before you ${what} (slot "${slot}" is being trained)`);
  };
  const jobState = (): TrainState => job?.state ?? 'idle';

  return {
    async hello({ backend: requested, avoid = [], candidates, methods }) {
      const key = JSON.stringify([requested, [...avoid].sort(), candidates ?? null]);
      if (!hello || helloFor !== key) {
        helloFor = key;
        hello = deps.initBackend(requested, avoid, { candidates, methods });
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
      const blocks = Array.from(set.sources.subarray(req.index * set.blocks, (req.index + 1) * set.blocks), (b) => ({ baseIndex: b, label: set.base.labels[b] }));
      const sample = { dataset: req.dataset, task: req.task, split: req.split, index: req.index, n: set.n, width: set.width, label: set.labels[req.index], mask, pixels, blocks };
      return transfer(sample, [pixels.buffer]);
    },

    async findSequence(req) {
      const list = await data.sequencesOfClass(req, req.label);
      if (list.length === 0) throw new Error(`no ${req.dataset} ${req.task} ${req.split} sequence has label ${req.label}`);
      return { index: list[req.pick % list.length], count: list.length };
    },

    async getImage(req) {
      const base = req.baseIndex !== undefined ? await data.baseFor(req.dataset, req.baseIndex) : await data.base(req.dataset);
      let baseIndex: number;
      if (req.baseIndex !== undefined) {
        if (req.baseIndex >= base.n) throw new Error(`image ${req.baseIndex} is out of range: ${req.dataset} has ${base.n} images`);
        baseIndex = req.baseIndex;
      } else {
        if (req.label === undefined) throw new Error('getImage needs baseIndex or label');
        const list = await data.testImagesOfClass(req.dataset, req.label);
        baseIndex = list[(req.pick ?? 0) % list.length];
      }
      const pixels = base.images.slice(baseIndex * 784, (baseIndex + 1) * 784);
      return transfer({ dataset: req.dataset, baseIndex, label: base.labels[baseIndex], pixels }, [pixels.buffer]);
    },

    async initModel(req) {
      notTraining(req.slot, 'replace its model');
      await backend();
      return slots.set(req.slot, freshModel(req.preset, req.task, req.seed, req.T));
    },

    inspectModel(req) {
      // The core's checks of model.json alone (no backend needed: no tensor is made).
      const head = parseModelJson(new TextDecoder().decode(req.json));
      return { preset: head.meta.preset, weights: head.entries.length, weightBytes: head.weightBytes };
    },

    async loadModel(req) {
      notTraining(req.slot, 'replace its model');
      await backend();
      // Any error (format, shapes, byte length, non-finite values) leaves the slot as it was.
      const summary = slots.set(req.slot, modelFromFiles(req.json, req.weights, req.name, req.source ?? 'file'));
      if (!req.returnFiles) return summary;
      // The model holds copies of the values (tensors), not these buffers: hand them back without a copy.
      const files = { json: req.json, weights: req.weights };
      const buffers = [...new Set([req.json.buffer, req.weights.buffer])].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
      return transfer({ ...summary, files }, buffers);
    },

    removeModel(req) {
      notTraining(req.slot, 'remove its model');
      return { removed: slots.remove(req.slot) };
    },

    async saveModel(req) {
      const m = slots.require(req.slot);
      const files = serializeModel({
        cell: m.cell,
        preset: m.preset,
        weights: await readWeightValues(m.cell, m.weights),
        training: m.training,
        metrics: m.metrics,
        generatedBy: 'rrx explorer (browser)',
      });
      const json = new TextEncoder().encode(files.modelJson);
      const weights = new Uint8Array(files.weightsBin);
      const name = m.training ? `${m.preset}-${m.training.dataset}-${m.training.task}` : `${m.preset}-untrained`;
      return transfer({ name, json, weights }, [json.buffer, weights.buffer]);
    },

    async evaluate(req, ctx) {
      await backend();
      const m = slots.require(req.slot);
      const set = await data.set(req);
      if (set.width !== m.cell.options.width) throw new Error(`the model reads width ${m.cell.options.width}, the ${req.task} sequences are ${set.width} wide`);
      const source = limitSource(set, req.limit, EVAL_SEED);
      const t0 = performance.now();
      const r = await evaluate(m.cell, m.weights, source, { signal: ctx.signal, onProgress: (done, total) => ctx.progress({ done, total }) });
      const seconds = (performance.now() - t0) / 1000;
      const t = m.training;
      if (t && m.metrics && req.split === 'test' && t.dataset === req.dataset && t.task === req.task && !ctx.signal.aborted) {
        m.metrics = { ...m.metrics, testAccuracy: r.accuracy, testN: r.n };
      }
      return { accuracy: r.accuracy, n: r.n, loss: r.loss, seconds, model: summarize(req.slot, m) };
    },

    async trainStart(req, ctx) {
      const preset = getPreset(req.preset).id; // unknown id → error listing the valid ones
      job?.stop(); // a new run supersedes the old one (its call is answered 'superseded')
      await backend();
      const set = await data.set({ dataset: req.dataset, task: req.task, split: 'train' });
      // The protocol's validator bounds the other fields; the split's size is known only here.
      if (req.limit > set.n) throw new Error(`trainStart.limit must be at most ${set.n} (the ${req.dataset}-${req.task} training split's sequences), got ${req.limit}`);
      const source = limitSource(set, req.limit, req.seed);
      // A resumed run starts from its checkpoint's weights and optimiser; the subset, the batch order
      // and the dropout masks depend only on the request and the step count, so it goes on as the
      // uninterrupted run would have.
      const from = req.resume ? resumeFromFiles(req.resume, req, preset, source.n) : null;
      const model = from?.model ?? freshModel(preset, req.task, req.seed, req.T);
      const record = trainingRecord(req, model.cell.options.T, source.n);
      const mine = new TrainingJob();
      job = mine;
      trainingSlot = req.slot;
      let lastProgress: TrainProgressMsg | null = null;
      try {
        const r = await mine.run({
          model,
          data: source,
          epochs: req.epochs,
          batchSize: req.batchSize,
          lr: req.lr,
          seed: req.seed,
          resume: from?.resume,
          signal: ctx.signal,
          onProgress: (p) => {
            lastProgress = { ...p };
            ctx.progress(lastProgress);
          },
          // After every epoch but the last: the files to resume from (the page keeps the last ones).
          onEpochEnd: async (e) => {
            if (e.position.epoch >= req.epochs || !lastProgress || ctx.signal.aborted) return;
            const metrics = runMetrics({ ...lastProgress, iterations: e.optimizer.iterations, seconds: e.wallTimeSeconds, history: e.history, complete: false }, source.n, req.batchSize);
            const files = await checkpointFiles(model, e.optimizer, { training: record, metrics, position: e.position, wallTimeSeconds: e.wallTimeSeconds, history: e.history });
            ctx.progress({ ...lastProgress, checkpoint: { ...files, epoch: e.position.epoch } }, [files.json.buffer, files.weights.buffer, files.checkpoint.buffer, files.optimizer.buffer]);
          },
        });
        if (ctx.signal.aborted) {
          tf.dispose(Object.values(model.weights));
          return { ...r, model: summarize(req.slot, model) };
        }
        const trained: Model = {
          ...model,
          source: 'trained',
          detail: `trained in the browser on ${source.n} ${req.dataset}-${req.task} sequences, ${r.iterations} steps${r.aborted ? ' (stopped early)' : ''}`,
          training: record,
          metrics: runMetrics({ ...r, complete: !r.aborted }, source.n, req.batchSize),
        };
        trainingSlot = null; // the slot may be replaced now
        const summary = slots.set(req.slot, trained);
        return { aborted: r.aborted, iterations: r.iterations, seconds: r.seconds, loss: r.loss, accuracy: r.accuracy, model: summary };
      } catch (err) {
        tf.dispose(Object.values(model.weights));
        throw err;
      } finally {
        if (job === mine) {
          job = null;
          trainingSlot = null;
        }
      }
    },
    trainPause: () => ({ state: job ? job.pause() : jobState() }),
    trainResume: () => ({ state: job ? job.resume() : jobState() }),
    trainStop: () => ({ state: job ? job.stop() : jobState() }),

    async explain(req, ctx) {
      const hello = await backend();
      const m = slots.require(req.slot);
      const set = await data.set(req);
      if (set.width !== m.cell.options.width) throw new Error(`the model reads width ${m.cell.options.width}, the ${req.task} sequences are ${set.width} wide`);
      if (req.index >= set.n) throw new Error(`index ${req.index} is out of range: the set has ${set.n} sequences (0…${set.n - 1})`);
      const t0 = performance.now();
      const x = set.batch([req.index]);
      const label = set.labels[req.index];
      const target = req.target === undefined ? 'true' : req.target === 'predicted' ? 'predicted' : [req.target];
      const r = await explain(m.cell, m.weights, x, {
        prepared: slots.preparedFor(m),
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

    async explainGrid(req, ctx) {
      const hello = await backend();
      await letQueuedMessagesRun();
      if (ctx.signal.aborted) throw new Error('superseded');
      const model = slots.require(req.slot);
      const r = await explainGrid(model, req, hello.backend, slots.preparedFor(model));
      return transfer(r, r.cells.map((c) => c.heatmap.buffer));
    },

    async perturbation(req, ctx) {
      const hello = await backend();
      await letQueuedMessagesRun(); // a newer request (the sequence changed) supersedes this one before it computes
      if (ctx.signal.aborted) throw new Error('superseded');
      const model = slots.require(req.slot);
      return perturbationCurves(model, req, { signal: ctx.signal, progress: ctx.progress, backend: hello.backend, prepared: slots.preparedFor(model) });
    },

    async randomisation(req, ctx) {
      const hello = await backend();
      await letQueuedMessagesRun();
      if (ctx.signal.aborted) throw new Error('superseded');
      const r = await randomisationStages(slots.require(req.slot), req, { signal: ctx.signal, progress: ctx.progress, backend: hello.backend });
      return transfer(r, r.heatmaps.flatMap((stage) => stage.map((h) => h.buffer)));
    },

    memory() {
      const m = tf.memory();
      return { numTensors: m.numTensors, numBytes: m.numBytes, slots: slots.names() };
    },

    crash(req) {
      if (req.deviceLoss) {
        // A real loss: device.lost resolves and the watcher of init-backend.ts fails the worker.
        if (!deps.loseDevice?.()) throw new Error(`no GPU device to lose: the worker runs on ${tf.getBackend()}`);
        return { ok: true };
      }
      // Thrown outside the call, as a real fault would be: the page sees the worker's error event.
      setTimeout(() => {
        throw new Error(req.message);
      }, 0);
      return { ok: true };
    },
  };
}
