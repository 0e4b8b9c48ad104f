/** Train a cell in the worker on a subset of a dataset's MAJ training split, with live curves, pause, resume and stop. */
import { PRESETS, PRESET_IDS, type PresetId } from '../../core/cells/presets';
import type { DatasetId } from '../../protocol/messages';
import { DATASET_LABELS, fmtInt, fmtNum, fmtPercent, fmtSeconds } from '../format';
import { useApp } from '../store-context';
import type { TrainForm } from '../store';
import { TrainCurves } from './charts/TrainCurves';

export function TrainPanel() {
  const train = useApp((s) => s.train);
  const ready = useApp((s) => s.worker.status === 'ready');
  const actions = useApp((s) => s.actions);
  const { form, progress, done, state } = train;
  const busy = state === 'running' || state === 'paused';
  const num = (key: keyof TrainForm, label: string, min: number, step = 1) => (
    <label>
      {label}
      <input
        type="number"
        min={min}
        step={step}
        value={form[key] as number}
        disabled={busy}
        data-testid={`train.${key}`}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v >= min) actions.setTrainForm({ [key]: v });
        }}
      />
    </label>
  );
  const frac = progress ? (progress.epoch - 1 + progress.batch / progress.batches) / progress.epochs : done && !done.aborted ? 1 : 0;

  return (
    <section className="panel train-panel" aria-labelledby="train-title" data-testid="train.panel">
      <h2 id="train-title">Train a cell</h2>
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
                {DATASET_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        {num('limit', 'Training sequences', 1)}
        {num('epochs', 'Epochs', 1)}
        {num('batchSize', 'Batch size', 1)}
        {num('lr', 'Learning rate', 0, 0.0001)}
      </div>
      <div className="controls">
        <button type="button" className="primary" data-testid="train.start" disabled={!ready || busy} onClick={() => void actions.startTraining()}>
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
