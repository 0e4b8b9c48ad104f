/**
 * `rrx train`: trains a cell on a task from the command line (docs/training.md, docs/cli.md).
 *
 * Loads the data (src/node/data.ts), builds or resumes the cell, runs the core training loop
 * (src/core/train/train.ts) on the wasm backend by default, shows progress, writes model.json +
 * weights.bin + checkpoint.json + optimizer.bin after every epoch (src/node/model-files.ts), saves a
 * checkpoint on Ctrl-C, and at the end records the test accuracy and the whole configuration in the
 * model's metadata. This file is the CLI glue; everything numeric lives in src/core. It is past
 * 300 lines because option checking, the fresh/resume setup, the per-epoch checkpointing and the
 * progress view are one flow that reads best in one place.
 */
import path from 'node:path';
import cliProgress from 'cli-progress';
import * as tf from '../../core/tf';
import { cellFromPreset, getPreset, initWeights, PRESET_IDS, type Cell, type PresetId, type Weights } from '../../core/cells';
import { validStepCounts } from '../../core/data/columns';
import { KFOLD_K } from '../../core/data/seeds';
import type { SequenceSet } from '../../core/data/sequenceSet';
import { serializeCheckpoint } from '../../core/model-io/checkpoint';
import { DATASETS, TASKS, TASK_WIDTH, type Dataset, type EpochLog, type ModelMetrics, type Task, type TrainingRecord } from '../../core/model-io/format';
import { serializeModel } from '../../core/model-io/serialize-model';
import { createVariables, readWeightValues } from '../../core/model-io/variables';
import { adamSettings, ADAM_DEFAULTS, createAdam } from '../../core/train/adam';
import { evaluate } from '../../core/train/evaluate';
import { exportAdamState, importAdamState } from '../../core/train/optimizer-state';
import { limitSource } from '../../core/train/subset';
import { train } from '../../core/train/train';
import { checkLrSchedule, DEFAULT_TRAIN_CONFIG, lrAtEpoch, SHUFFLE_MODES, type EpochResult, type LrStep, type SequenceSource, type TrainConfig, type TrainPosition, type TrainProgress } from '../../core/train/types';
import { loadSequenceSet } from '../../node/data';
import { ensureWritableDir, hasCheckpoint, hasModel, loadCheckpointDir, loadModelDir, saveTrainingState, sha256Hex } from '../../node/model-files';
import { NODE_BACKENDS, useNodeBackend } from '../../node/tf-backend';
import type { Command } from '../command';
import { choiceOpt, intOpt, numOpt, parse, UsageError } from '../command';

const DEFAULT_T: Record<Task, number> = { maj: 12, seq: 7 };
const GENERATED_BY = 'rrx 0.1.0';

const usage = `Usage: rrx train --arch ID --dataset mnist|fashion --task maj|seq --out DIR [options]
       rrx train --resume --out DIR [--epochs n] [--lr x] [--backend wasm|cpu|webgpu] [--json]

Trains a cell with the thesis's recipe (11-way softmax cross-entropy, Adam lr 2e-4 / β 0.9, 0.999 /
ε 1e-8, batch 50, dropout keep 0.8, the same batch order every epoch) and writes the model to DIR
(model.json + weights.bin, docs/model-format.md). A checkpoint (checkpoint.json + optimizer.bin) is
written after every epoch and on Ctrl-C; --resume continues from it. See docs/training.md.

Options:
  --arch ID            cell: ${PRESET_IDS.join(', ')}
  --dataset D          mnist or fashion
  --task T             maj (three images, 28×84) or seq (one image, 28×28)
  --T n                time steps, must divide the width (default 12 for maj, 7 for seq)
  --epochs n           epochs in all (default 100, the thesis's; with --resume: the new total)
  --lr x               Adam learning rate (default 2e-4); with --resume: the rate from the resumed
                       epoch on (a step schedule, recorded in model.json as training.lrSchedule)
  --lr-schedule S      later rates as epoch:rate pairs, e.g. 16:3e-4,25:1e-4 (from epoch 16 on 3e-4,
                       from epoch 25 on 1e-4; recorded in model.json as training.lrSchedule); with
                       --resume: its steps after the resumed epoch replace the stored ones
  --batch n            minibatch size (default 50)
  --seed n             seeds the weights, the batch order and the dropout masks (default 71)
  --limit n            train on a seeded random subset of n training sequences; validation and test
                       are cut in the same proportion (default: all 48,000 / 12,000 / 10,000)
  --fold f             train on the pooled k-fold instead of the split (the thesis's cross-validation,
                       §4.3.2): train, test and validation sequences stacked, a stratified k-fold
                       (seed 71, docs/data.md); train on every fold but f (0-based), validate and test
                       on fold f. Recorded in model.json as training.fold
  --folds k            the k of --fold (default 7, the thesis's)
  --shuffle fixed|epoch  fixed: the same order every epoch, as the thesis code (default);
                       epoch: a new order per epoch
  --bias zero|softplus zero: frozen zero biases, as the thesis code (default); softplus: the thesis
                       text's trainable −softplus(b) bias
  --backend B          TF.js backend: wasm (default), cpu, or webgpu (Dawn; docs/benchmarks.md)
  --resume             continue the run in DIR from its checkpoint (the stored configuration, fold
                       included, is used; only --epochs, --lr, --lr-schedule, --backend and --json
                       may be given)
  --out DIR            output directory (created; must not hold a model unless --resume)
  --json               JSON lines on stdout: one per epoch, then a summary (docs/cli.md)
  -h, --help           this text

Ctrl-C (or SIGTERM) stops after the current batch and saves a checkpoint (exit code 130); a second
one quits at once without saving.`;

/** Everything a run needs, from the command line or from the model being resumed. */
interface RunSetup {
  preset: PresetId;
  cell: Cell;
  weights: Weights;
  optimizer: tf.AdamOptimizer;
  start: TrainPosition;
  record: TrainingRecord;
  config: TrainConfig;
  history: EpochLog[];
  wallBefore: number;
  /** Training sequences of the run being resumed (model.json metrics.trainN), null for a new run. */
  trainN: number | null;
}

export const command: Command = {
  name: 'train',
  usage,
  async run(argv) {
    const { values: v } = parse(argv, {
      arch: { type: 'string' },
      dataset: { type: 'string' },
      task: { type: 'string' },
      T: { type: 'string' },
      epochs: { type: 'string' },
      lr: { type: 'string' },
      'lr-schedule': { type: 'string' },
      batch: { type: 'string' },
      seed: { type: 'string' },
      limit: { type: 'string' },
      fold: { type: 'string' },
      folds: { type: 'string' },
      shuffle: { type: 'string' },
      bias: { type: 'string' },
      backend: { type: 'string' },
      resume: { type: 'boolean' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    });
    const out = v.out;
    if (!out) throw new UsageError('--out DIR is required');
    const json = !!v.json;
    const backend = choiceOpt('backend', v.backend, NODE_BACKENDS) ?? 'wasm';
    const epochs = intOpt('epochs', v.epochs, 1, 100_000);
    const say = (s: string) => (json ? process.stderr.write(`${s}\n`) : console.log(s));

    if (v.resume) {
      const extra = (['arch', 'dataset', 'task', 'T', 'batch', 'seed', 'limit', 'fold', 'folds', 'shuffle', 'bias'] as const).filter((k) => v[k] !== undefined);
      if (extra.length) throw new UsageError(`--resume uses the configuration stored in ${out}; drop ${extra.map((k) => `--${k}`).join(', ')}`);
      if (!(await hasModel(out))) throw new Error(`${out} holds no model to resume (no model.json)`);
      if (!(await hasCheckpoint(out))) throw new Error(`${out} holds a model but no checkpoint.json to resume from`);
    } else {
      for (const k of ['arch', 'dataset', 'task'] as const) if (!v[k]) throw new UsageError(`--${k} is required`);
    }
    const plan = v.resume ? null : planFresh(v, epochs);

    await ensureWritableDir(out);
    if (!v.resume && (await hasModel(out))) {
      throw new Error(`${out} already holds a model (model.json); continue it with --resume, or choose another --out`);
    }
    const usedBackend = await useNodeBackend(backend);
    const newLr = v.resume ? numOpt('lr', v.lr, Number.MIN_VALUE, 10) : undefined;
    const laterSteps = v.resume && v['lr-schedule'] !== undefined ? parseLrSchedule(v['lr-schedule']) : undefined;
    const setup = plan ? freshSetup(plan, usedBackend) : await resumeSetup(out, epochs, usedBackend, newLr, laterSteps);
    const { record, config } = setup;

    // Data: the task's train / val / test sets (of the k-fold with --fold), cut by --limit.
    const fold = record.fold ? { fold: record.fold.index, k: record.fold.k } : {};
    const [trainFull, valFull, testFull] = await Promise.all(
      (['train', 'val', 'test'] as const).map((split) => loadSequenceSet({ dataset: record.dataset, task: record.task, split, ...fold })),
    );
    const { trainSet, valSet, testSet } = applyLimit(trainFull, valFull, testFull, record.limit, config.seed);
    if (v.resume) checkPosition(out, setup, trainSet.n);

    // The handler is installed before the first line is printed: a Ctrl-C sent as soon as that line
    // appears must find it (otherwise the default action kills the process without a checkpoint).
    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = () => {
      interrupts++;
      if (interrupts === 1) {
        say('\ninterrupt: stopping after the current batch and saving a checkpoint (Ctrl-C again to quit without saving)');
        controller.abort();
      } else {
        process.exit(130);
      }
    };
    process.on('SIGINT', onSigint);
    // SIGTERM (a batch engine preempting the job, a session ending) saves a checkpoint as Ctrl-C does.
    process.on('SIGTERM', onSigint);

    say(
      `training ${setup.preset} (T = ${record.T}) on ${record.dataset} ${record.task}${record.fold ? ` (fold ${record.fold.index} of ${record.fold.k} held out)` : ''}: ${trainSet.n} train / ${valSet.n} val / ${testSet.n} test sequences, ` +
        `batch ${config.batchSize}, lr ${config.lr}, ${config.epochs} epochs, shuffle ${config.shuffle}, seed ${config.seed}, backend ${usedBackend}` +
        (setup.start.epoch || setup.start.batch ? ` (resuming at epoch ${setup.start.epoch + 1}, batch ${setup.start.batch})` : ''),
    );

    const t0 = performance.now();
    const wall = () => setup.wallBefore + (performance.now() - t0) / 1000;
    const history = [...setup.history];
    const progress = makeProgressView(json, Math.ceil(trainSet.n / config.batchSize));
    const metricsNow = (complete: boolean, testAccuracy: number | null, epochsDone: number, iterations: number): ModelMetrics => {
      const last = history[history.length - 1];
      return {
        trainAccuracy: last?.trainAccuracy ?? null,
        valAccuracy: last?.valAccuracy ?? null,
        testAccuracy,
        trainN: trainSet.n,
        valN: valSet.n,
        testN: complete ? testSet.n : null,
        epochsDone,
        iterations,
        wallTimeSeconds: round(wall(), 1),
        complete,
        history,
      };
    };
    const saveState = async (position: TrainPosition, complete: boolean, testAccuracy: number | null) => {
      const values = await readWeightValues(setup.cell, setup.weights);
      const model = serializeModel({
        cell: setup.cell,
        preset: setup.preset,
        weights: values,
        training: record,
        metrics: metricsNow(complete, testAccuracy, position.epoch, setup.optimizer.iterations),
        generatedBy: GENERATED_BY,
      });
      const state = await exportAdamState(setup.optimizer, setup.cell);
      const ckpt = serializeCheckpoint({
        weightsSha256: sha256Hex(model.weightsBin),
        position,
        optimizer: { name: 'adam', ...adamSettings(setup.optimizer) },
        state,
        wallTimeSeconds: round(wall(), 1),
        history,
      });
      await saveTrainingState(out, model, ckpt);
    };

    let result;
    try {
      result = await train({
        cell: setup.cell,
        weights: setup.weights,
        train: trainSet,
        val: valSet,
        config,
        optimizer: setup.optimizer,
        start: setup.start,
        signal: controller.signal,
        onProgress: (p) => progress.update(p),
        onEpochEnd: async (e: EpochResult, next) => {
          history.push({ epoch: e.epoch, loss: round(e.loss, 6), trainAccuracy: round(e.trainAccuracy, 6), valAccuracy: e.valAccuracy === null ? null : round(e.valAccuracy, 6), seconds: round(e.seconds, 2) });
          progress.stop();
          if (json) console.log(JSON.stringify({ event: 'epoch', ...history[history.length - 1], iteration: e.iteration }));
          else console.log(`epoch ${e.epoch}/${config.epochs}  loss ${e.loss.toFixed(4)}  train ${pct(e.trainAccuracy)}  val ${e.valAccuracy === null ? '—' : pct(e.valAccuracy)}  ${e.seconds.toFixed(1)} s`);
          await saveState(next, false, null);
        },
      });
    } finally {
      progress.stop();
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }

    if (result.aborted) {
      await saveState(result.position, false, null);
      const where = `epoch ${result.position.epoch + 1}, batch ${result.position.batch}`;
      say(`interrupted at ${where}: checkpoint saved in ${out}; continue with: rrx train --resume --out ${out}`);
      if (json) console.log(JSON.stringify({ event: 'interrupted', position: result.position, iterations: result.iterations, out }));
      tf.dispose(setup.weights);
      setup.optimizer.dispose();
      return 130;
    }

    say(`evaluating on ${testSet.n} test sequences…`);
    const test = await evaluate(setup.cell, setup.weights, testSet);
    await saveState(result.position, true, round(test.accuracy, 6));
    const summary = {
      event: 'done',
      out,
      preset: setup.preset,
      training: record,
      metrics: metricsNow(true, round(test.accuracy, 6), result.position.epoch, result.iterations),
    };
    if (json) console.log(JSON.stringify(summary));
    else say(`test accuracy ${pct(test.accuracy)} (${test.correct}/${test.n}); ${result.iterations} steps, ${wall().toFixed(1)} s in all; model saved in ${out}`);
    tf.dispose(setup.weights);
    setup.optimizer.dispose();
    return 0;
  },
};

type Values = Partial<Record<'arch' | 'dataset' | 'task' | 'T' | 'lr' | 'lr-schedule' | 'batch' | 'seed' | 'limit' | 'fold' | 'folds' | 'shuffle' | 'bias', string>>;

/** `--lr-schedule 16:3e-4,25:1e-4` → [{fromEpoch: 16, lr: 3e-4}, {fromEpoch: 25, lr: 1e-4}] (checked). */
export function parseLrSchedule(text: string): LrStep[] {
  const steps = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(\d+):([0-9.eE+-]+)$/.exec(part);
      if (!m) throw new UsageError(`--lr-schedule: "${part}" is not epoch:rate (e.g. 16:3e-4)`);
      return { fromEpoch: Number(m[1]), lr: Number(m[2]) };
    });
  try {
    checkLrSchedule(steps);
  } catch (err) {
    throw new UsageError(`--lr-schedule: ${(err as Error).message.replace(/^learning-rate schedule: /, '')}`);
  }
  return steps;
}

/** Adds (or replaces) the step at `fromEpoch` and keeps the schedule sorted. */
function withStep(schedule: readonly LrStep[], step: LrStep): LrStep[] {
  return [...schedule.filter((s) => s.fromEpoch !== step.fromEpoch), step].sort((a, b) => a.fromEpoch - b.fromEpoch);
}

/** A new run's configuration, from the command line (checked before anything is created). */
interface FreshPlan {
  preset: PresetId;
  width: number;
  bias: 'zero' | 'softplus';
  config: TrainConfig;
  record: Omit<TrainingRecord, 'backend'>;
}

function planFresh(v: Values, epochs: number | undefined): FreshPlan {
  let preset: PresetId;
  try {
    preset = getPreset(v.arch!).id;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const dataset = choiceOpt('dataset', v.dataset, DATASETS) as Dataset;
  const task = choiceOpt('task', v.task, TASKS) as Task;
  const width = TASK_WIDTH[task];
  const T = intOpt('T', v.T, 1, width) ?? DEFAULT_T[task];
  if (width % T !== 0) throw new UsageError(`--T ${T} does not divide the image width ${width} of task ${task}; valid T: ${validStepCounts(width).join(', ')}`);
  const config: TrainConfig = {
    epochs: epochs ?? DEFAULT_TRAIN_CONFIG.epochs,
    batchSize: intOpt('batch', v.batch, 1, 100_000) ?? DEFAULT_TRAIN_CONFIG.batchSize,
    lr: numOpt('lr', v.lr, Number.MIN_VALUE, 10) ?? DEFAULT_TRAIN_CONFIG.lr,
    seed: intOpt('seed', v.seed, 0, 2 ** 32 - 1) ?? DEFAULT_TRAIN_CONFIG.seed,
    shuffle: choiceOpt('shuffle', v.shuffle, SHUFFLE_MODES) ?? DEFAULT_TRAIN_CONFIG.shuffle,
  };
  const lrSchedule = v['lr-schedule'] === undefined ? [] : parseLrSchedule(v['lr-schedule']);
  if (lrSchedule.length) config.lrSchedule = lrSchedule;
  const limit = intOpt('limit', v.limit, 1, 10_000_000) ?? null;
  const fold = foldOpt(v);
  const bias = choiceOpt('bias', v.bias, ['zero', 'softplus'] as const) ?? 'zero';
  const record = {
    dataset,
    task,
    T,
    lr: config.lr,
    batch: config.batchSize,
    epochs: config.epochs,
    seed: config.seed,
    shuffle: config.shuffle,
    limit,
    ...(fold ? { fold } : {}),
    optimizer: { name: 'adam' as const, beta1: ADAM_DEFAULTS.beta1, beta2: ADAM_DEFAULTS.beta2, epsilon: ADAM_DEFAULTS.epsilon },
    loss: 'softmax-cross-entropy-11',
    ...(lrSchedule.length ? { lrSchedule } : {}),
  };
  return { preset, width, bias, config, record };
}

/** --fold f [--folds k] → {index: f, k} (k default 7), or undefined without --fold. */
function foldOpt(v: Values): { index: number; k: number } | undefined {
  const k = intOpt('folds', v.folds, 2, 255);
  if (v.fold === undefined) {
    if (k !== undefined) throw new UsageError('--folds k needs --fold f (the held-out fold)');
    return undefined;
  }
  const folds = k ?? KFOLD_K;
  return { index: intOpt('fold', v.fold, 0, folds - 1)!, k: folds };
}

/** A new run: fresh weights (seeded) and a fresh Adam. Needs the backend. */
function freshSetup(plan: FreshPlan, backend: string): RunSetup {
  const cell = cellFromPreset(plan.preset, { T: plan.record.T, width: plan.width, bias: plan.bias });
  return {
    preset: plan.preset,
    cell,
    weights: initWeights(cell, plan.config.seed),
    optimizer: createAdam({ lr: lrAtEpoch(plan.config, 1) }),
    start: { epoch: 0, batch: 0 },
    record: { ...plan.record, backend },
    config: plan.config,
    history: [],
    wallBefore: 0,
    trainN: null,
  };
}

/** Continue the run saved in `out` (model + checkpoint). */
async function resumeSetup(out: string, epochs: number | undefined, backend: string, newLr?: number, laterSteps?: LrStep[]): Promise<RunSetup> {
  const model = await loadModelDir(out);
  const tr = model.meta.training;
  if (!tr) throw new Error(`${out}/model.json has no training record: it cannot be resumed`);
  const missing = (['dataset', 'task', 'T', 'lr', 'batch', 'epochs', 'seed', 'shuffle', 'limit', 'optimizer'] as const).filter((k) => tr[k] === undefined);
  if (missing.length) throw new Error(`${path.join(out, 'model.json')}: training.${missing[0]} is missing; a run cannot be resumed without ${missing.map((k) => `training.${k}`).join(', ')}`);
  const ckpt = await loadCheckpointDir(out, model.cell);
  const doneIterations = model.meta.metrics?.iterations;
  if (doneIterations !== undefined && doneIterations !== ckpt.state.iterations) {
    throw new Error(`${out}: checkpoint.json is at step ${ckpt.state.iterations} but model.json at step ${doneIterations}; the files are from different moments`);
  }
  if (ckpt.weightsSha256 && ckpt.weightsSha256 !== model.weightsSha256) {
    throw new Error(`${out}: weights.bin is not the file saved with checkpoint.json (its SHA-256 differs); the files are from different moments`);
  }
  if (ckpt.position.epoch > Math.max(tr.epochs, epochs ?? 0)) {
    throw new Error(`${path.join(out, 'checkpoint.json')}: position.epoch ${ckpt.position.epoch} is beyond the run's ${tr.epochs} epochs`);
  }
  // A new rate applies from the epoch the run resumes in; the schedule in model.json records it.
  // The stored schedule goes on: the loop sets each epoch's rate from it (lrAtEpoch).
  let lrSchedule: LrStep[] = [...(tr.lrSchedule ?? [])];
  const resumeEpoch = ckpt.position.epoch + 1;
  // --lr-schedule on resume: its steps after the resumed epoch replace the stored ones (the past stays).
  if (laterSteps) lrSchedule = [...lrSchedule.filter((s) => s.fromEpoch <= resumeEpoch), ...laterSteps.filter((s) => s.fromEpoch > resumeEpoch)];
  if (newLr !== undefined && newLr !== lrAtEpoch({ lr: tr.lr, lrSchedule }, resumeEpoch)) lrSchedule = withStep(lrSchedule, { fromEpoch: resumeEpoch, lr: newLr });
  const record: TrainingRecord = { ...tr, epochs: epochs ?? tr.epochs, backend, ...(lrSchedule.length ? { lrSchedule } : {}) };
  const config: TrainConfig = { epochs: record.epochs, batchSize: tr.batch, lr: tr.lr, seed: tr.seed, shuffle: tr.shuffle };
  if (lrSchedule.length) config.lrSchedule = lrSchedule;
  const lr = lrSchedule.length ? lrAtEpoch(config, resumeEpoch) : (newLr ?? ckpt.optimizer.lr);
  if (!lrSchedule.length && lr !== tr.lr) config.lr = lr; // a run saved before schedules were recorded
  const optimizer = createAdam({ lr, beta1: ckpt.optimizer.beta1, beta2: ckpt.optimizer.beta2, epsilon: ckpt.optimizer.epsilon });
  await importAdamState(optimizer, model.cell, ckpt.state);
  return {
    preset: model.meta.preset,
    cell: model.cell,
    weights: createVariables(model.cell, model.weights),
    optimizer,
    start: ckpt.position,
    record,
    config,
    history: ckpt.history,
    wallBefore: ckpt.wallTimeSeconds,
    trainN: model.meta.metrics?.trainN ?? null,
  };
}

/**
 * A resumed run's position must be where its step count says, given the batches per epoch of its
 * data: otherwise checkpoint.json was edited or belongs to another run (and training would report
 * epochs it never ran).
 */
function checkPosition(out: string, setup: RunSetup, n: number): void {
  const batches = Math.ceil(n / setup.config.batchSize);
  const { epoch, batch } = setup.start;
  const file = path.join(out, 'checkpoint.json');
  if (batch > batches) throw new Error(`${file}: position.batch ${batch} is beyond the ${batches} batches of an epoch`);
  const steps = setup.optimizer.iterations;
  if (epoch * batches + batch !== steps) {
    throw new Error(`${file}: position (epoch ${epoch}, batch ${batch}) does not match the ${steps} steps done at ${batches} batches per epoch; the checkpoint does not belong to this run`);
  }
  const trainN = setup.trainN;
  if (trainN !== null && trainN !== n) throw new Error(`${path.join(out, 'model.json')}: the run trained on ${trainN} sequences, the data now gives ${n}; it cannot be resumed on other data`);
}

/** --limit: a seeded subset of the training set; validation and test cut in the same proportion. */
function applyLimit(train: SequenceSet, val: SequenceSet, test: SequenceSet, limit: number | null, seed: number) {
  if (limit === null || limit >= train.n) return { trainSet: train as SequenceSource, valSet: val as SequenceSource, testSet: test as SequenceSource };
  const scaled = (s: SequenceSet) => Math.max(1, Math.round((limit * s.n) / train.n));
  return {
    trainSet: limitSource(train, limit, seed),
    valSet: limitSource(val, scaled(val), seed + 1),
    testSet: limitSource(test, scaled(test), seed + 2),
  };
}

/** Progress display: a cli-progress bar on a TTY, a plain line every 10 s otherwise, nothing with --json. */
function makeProgressView(json: boolean, batches: number) {
  if (json) return { update: (_p: TrainProgress) => {}, stop: () => {} };
  if (process.stdout.isTTY) {
    let bar: cliProgress.SingleBar | null = null;
    return {
      update(p: TrainProgress) {
        const payload = { ep: `${p.epoch}/${p.epochs}`, loss: p.loss.toFixed(4), acc: pct(p.accuracy), speed: Math.round(p.seqPerSec), eta2: duration(p.etaSeconds) };
        if (!bar) {
          bar = new cliProgress.SingleBar(
            {
              format: 'epoch {ep} |{bar}| {value}/{total} batches  loss {loss}  acc {acc}  {speed} seq/s  ETA {eta2}',
              hideCursor: true,
              clearOnComplete: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(batches, p.batch, payload);
        }
        bar.update(p.batch, payload);
      },
      stop() {
        bar?.stop();
        bar = null;
      },
    };
  }
  let last = 0;
  return {
    update(p: TrainProgress) {
      const t = performance.now();
      if (t - last < 10_000) return;
      last = t;
      console.log(`  epoch ${p.epoch}/${p.epochs} batch ${p.batch}/${p.batches}  loss ${p.loss.toFixed(4)}  acc ${pct(p.accuracy)}  ${Math.round(p.seqPerSec)} seq/s  ETA ${duration(p.etaSeconds)}`);
    },
    stop() {},
  };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : '—');
const round = (x: number, digits: number) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

function duration(s: number): string {
  if (!Number.isFinite(s)) return '—';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}
