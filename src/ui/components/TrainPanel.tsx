/**
 * Train a cell in the worker on a subset of a dataset's MAJ training split (or the sequence task's: one
 * image as T = 1, 4 or 7 column strips, Experiment 1), with live curves,
 * pause, resume and stop. While a run is in progress, leaving the page asks first (beforeunload);
 * after every epoch the run is kept in this browser, and after a reload the panel offers to resume it.
 */
import { useEffect } from 'react';
import { PRESETS, PRESET_IDS, type PresetId } from '../../core/cells/presets';
import { TRAIN_BOUNDS, type DatasetId } from '../../protocol/messages';
import { SEQ_TRAIN_T, trainFormProblem } from '../slices/train';
import { DATASET_LABELS, fmtInt, fmtNum, fmtPercent, fmtSeconds, taskDatasetLabel } from '../format';
import { useApp } from '../store-context';
import type { InterruptedRun, TrainForm } from '../store';
import { TrainCurves } from './charts/TrainCurves';

export function TrainPanel() {
  const train = useApp((s) => s.train);
  const ready = useApp((s) => s.worker.status === 'ready');
  const actions = useApp((s) => s.actions);
  const { form, progress, done, state } = train;
  const busy = state === 'running' || state === 'paused';
  // Leaving or reloading the page during a run asks first (the browser's own dialog).
  useEffect(() => {
    if (!busy) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = ''; // older browsers show the dialog only with returnValue set
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [busy]);
  // What the worker would refuse, shown at once (the protocol's check of trainStart).
  const problem = trainFormProblem(form);
  const num = (key: keyof TrainForm, label: string, min: number, max?: number, step = 1) => {
    const v = form[key] as number;
    return (
      <label>
        {label}
        <input
          type="number"
          min={min}
          max={max}
          step={step}
          value={Number.isNaN(v) ? '' : v}
          disabled={busy}
          data-testid={`train.${key}`}
          aria-invalid={problem?.field === key ? true : undefined}
          onChange={(e) => actions.setTrainForm({ [key]: e.target.value.trim() === '' ? NaN : Number(e.target.value) })}
        />
      </label>
    );
  };
  const frac = progress ? (progress.epoch - 1 + progress.batch / progress.batches) / progress.epochs : done && !done.aborted ? 1 : 0;

  return (
    <section className="panel train-panel" aria-labelledby="train-title" data-testid="train.panel">
      <h2 id="train-title">Train a cell</h2>
      {train.interrupted && !busy && <Interrupted run={train.interrupted} ready={ready} onResume={() => void actions.resumeInterrupted()} onDiscard={() => void actions.discardInterrupted()} />}
      <div className="form-grid">
        <label>
          Cell
          <select data-testid="train.preset" value={form.preset} disabled={busy} onChange={(e) => actions.setTrainForm({ preset: e.target.value as PresetId })}>
            {PRESET_IDS.map((id) => (
              <option key={id} value={id}>
                {PRESETS[id].name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Dataset
          <select data-testid="train.dataset" value={form.dataset} disabled={busy} onChange={(e) => actions.setTrainForm({ dataset: e.target.value as DatasetId })}>
            {(Object.keys(DATASET_LABELS) as DatasetId[]).map((d) => (
              <option key={d} value={d}>
                {taskDatasetLabel(d, form.task ?? 'maj')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Task
          <select
            data-testid="train.task"
            value={form.task === 'seq' ? `seq${form.T ?? SEQ_TRAIN_T}` : 'maj'}
            disabled={busy}
            onChange={(e) => actions.setTrainForm(e.target.value === 'maj' ? { task: 'maj', T: undefined } : { task: 'seq', T: Number(e.target.value.slice(3)) })}
          >
            <option value="maj">MAJ (T = 12)</option>
            {[1, 4, 7].map((T) => (
              <option key={T} value={`seq${T}`}>
                Sequence, T = {T}
              </option>
            ))}
          </select>
        </label>
        {num('limit', form.task === 'seq' ? 'Training images' : 'Training sequences', 1)}
        {num('epochs', 'Epochs', TRAIN_BOUNDS.epochs.min, TRAIN_BOUNDS.epochs.max)}
        {num('batchSize', 'Batch size', TRAIN_BOUNDS.batchSize.min, TRAIN_BOUNDS.batchSize.max)}
        {num('lr', 'Learning rate', TRAIN_BOUNDS.lr.min, TRAIN_BOUNDS.lr.max, 0.0001)}
      </div>
      <p className="muted small" data-testid="train.hint">
        The defaults (R-LSTM-SD, 4,000 sequences, 4 epochs, lr 0.003) learn in about a minute to ≈ 85 % test accuracy; the thesis trained with lr 0.0002 on
        48,000 sequences for 100 epochs.
      </p>
      {problem && !busy && (
        <p role="alert" className="error" data-testid="train.invalid">
          {problem.message}
        </p>
      )}
      <div className="controls">
        <button type="button" className="primary" data-testid="train.start" disabled={!ready || busy || problem !== null} onClick={() => void actions.startTraining()}>
          Train
        </button>
        <button type="button" data-testid="train.pause" disabled={state !== 'running'} onClick={() => void actions.pauseTraining()}>
          Pause
        </button>
        <button type="button" data-testid="train.resume" disabled={state !== 'paused'} onClick={() => void actions.resumeTraining()}>
          Resume
        </button>
        <button type="button" data-testid="train.stop" disabled={!busy} onClick={() => void actions.stopTraining()}>
          Stop
        </button>
        <span className="muted" data-testid="train.state" data-state={state}>
          {state}
        </span>
      </div>
      <progress data-testid="train.progress" max={1} value={frac} aria-label="Training progress" />
      <TrainCurves points={train.curve} />
      <dl className="stats" data-testid="train.stats">
        <dt>Epoch</dt>
        <dd data-testid="train.epoch">{progress ? `${progress.epoch} / ${progress.epochs}` : '–'}</dd>
        <dt>Batch</dt>
        <dd data-testid="train.batch">{progress ? `${progress.batch} / ${progress.batches}` : '–'}</dd>
        <dt>Loss</dt>
        <dd data-testid="train.loss">{fmtNum(progress?.loss ?? done?.loss)}</dd>
        <dt>Accuracy</dt>
        <dd data-testid="train.accuracy">{fmtPercent(progress?.accuracy ?? done?.accuracy)}</dd>
        <dt>Seq/s</dt>
        <dd data-testid="train.speed">{progress ? fmtInt(Math.round(progress.seqPerSec)) : '–'}</dd>
        <dt>Backend</dt>
        <dd data-testid="train.backend">{progress?.backend ?? '–'}</dd>
        <dt>Time</dt>
        <dd data-testid="train.time">{progress ? fmtSeconds(progress.elapsedSeconds) : done ? fmtSeconds(done.seconds) : '–'}</dd>
      </dl>
      {busy && train.checkpoint && (
        <p className="muted small" data-testid="train.checkpoint" data-epoch={train.checkpoint.epoch}>
          {train.checkpoint.kept
            ? `Epoch ${train.checkpoint.epoch} is kept in this browser: after a reload the run can resume from it.`
            : `Epoch ${train.checkpoint.epoch} done (this browser cannot keep the run across a reload).`}
        </p>
      )}
      {done && (
        <p data-testid="train.done" className="muted">
          {done.aborted ? 'Stopped' : 'Done'} after {fmtInt(done.iterations)} steps ({fmtSeconds(done.seconds)}).
        </p>
      )}
      {train.saved && (
        <p className="ok" data-testid="train.saved" aria-live="polite">
          {train.saved}
        </p>
      )}
      {train.error && (
        <p role="alert" className="error" data-testid="train.error">
          {train.error}
        </p>
      )}
    </section>
  );
}

/** A run kept in this browser that a reload (or a worker failure) interrupted: resume it or discard it. */
function Interrupted({ run, ready, onResume, onDiscard }: { run: InterruptedRun; ready: boolean; onResume: () => void; onDiscard: () => void }) {
  const f = run.form;
  return (
    <div className="interrupted" role="status" data-testid="train.interrupted" data-epoch={run.epoch}>
      <p>
        A training run was interrupted: {PRESETS[f.preset].name} · {DATASET_LABELS[f.dataset]} · {fmtInt(f.limit)} seq, epoch {run.epoch} of {f.epochs} done (
        {fmtInt(run.iteration)} steps, {fmtSeconds(run.elapsedSeconds)}); its checkpoint is kept in this browser.
      </p>
      <div className="controls">
        <button type="button" className="primary" data-testid="train.resume-interrupted" disabled={!ready} onClick={onResume}>
          Resume the interrupted run
        </button>
        <button type="button" data-testid="train.discard-interrupted" onClick={onDiscard}>
          Discard it
        </button>
      </div>
    </div>
  );
}
