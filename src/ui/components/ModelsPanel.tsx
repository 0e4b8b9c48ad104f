/**
 * The models: a card per grid column (architecture, parameter counts thesis/true, training
 * configuration and accuracy from model.json), downloading and uploading model files, and the
 * models kept in this browser.
 */
import { fmtInt, fmtPercent, DATASET_LABELS } from '../format';
import { useColumns, useColumnTitles } from '../hooks';
import type { Column, SlotState } from '../store';
import type { ChosenBlob } from '../slices/models';
import { useApp } from '../store-context';
import { trainingText } from '../lib/bundle-text';
import { ArchDiagram } from './ArchDiagram';
import { BundleAccuracy, modelBadge } from './grid/ColumnHeader';

export function ModelsPanel() {
  const columns = useColumns();
  const slots = useApp((s) => s.models.slots);
  const upload = useApp((s) => s.models.upload);
  const stored = useApp((s) => s.models.stored);
  const user = useApp((s) => s.models.user);
  const bundle = useApp((s) => s.models.bundle);
  const ready = useApp((s) => s.worker.status === 'ready');
  const actions = useApp((s) => s.actions);
  const hidden = stored.filter((m) => !user.includes(m.id));
  const titles = useColumnTitles(columns);
  return (
    <section className="panel models-panel" aria-labelledby="models-title" data-testid="model.panel" data-attempts={upload.attempts} data-loading={upload.loading ? '1' : '0'}>
      <h2 id="models-title">Models</h2>
      {bundle?.status === 'missing' && (
        <p className="notice" data-testid="model.bundle-missing">
          No pretrained models are bundled ({bundle.message}): the architectures use <strong>untrained (random weights)</strong>, seeded. Train a cell below or load
          a model file pair.
        </p>
      )}
      <div className="cards">
        {columns.map((c) => (
          <ModelCard key={c.slot} col={c} st={slots[c.slot]} title={titles[c.slot]} />
        ))}
      </div>
      <div
        className="upload"
        data-testid="model.drop"
        onDragOver={(e) => {
          if (!ready) return;
          e.preventDefault(); // allows the drop
          e.dataTransfer.dropEffect = 'copy';
        }}
        onDrop={(e) => {
          e.preventDefault();
          if (ready) void actions.loadModelFiles(droppedFiles(e.dataTransfer));
        }}
      >
        <label className="file">
          <span>
            <strong>Load a model</strong> <span className="muted">(model.json + weights.bin, the format of docs/model-format.md; choose or drop them here)</span>
          </span>
          <input
            type="file"
            multiple
            accept=".json,.bin,application/json,application/octet-stream"
            data-testid="model.files"
            disabled={!ready}
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = ''; // choosing the same files again fires again
              void actions.loadModelFiles(files);
            }}
          />
        </label>
        {upload.loading && <span className="muted">Loading…</span>}
        {upload.message && (
          <p className="ok" data-testid="model.message" aria-live="polite">
            {upload.message}
          </p>
        )}
        {upload.error && (
          <p role="alert" className="error" data-testid="model.error">
            {upload.error}
          </p>
        )}
      </div>
      {hidden.length > 0 && (
        <div className="stored" data-testid="model.stored">
          <h3>Kept in this browser</h3>
          <ul>
            {hidden.map((m) => (
              <li key={m.id}>
                <span>{m.name}</span>
                <button type="button" onClick={() => actions.showStored(m.id)}>
                  Add to grid
                </button>
                <button type="button" onClick={() => void actions.deleteStored(m.id)} aria-label={`Delete ${m.name} from this browser`}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/**
 * The files of a drop, each marked when it is a folder (a dropped folder arrives as a File of
 * a few bytes that cannot be read; its entry says what it is). Read during the drop event: the
 * browser empties the DataTransfer afterwards.
 */
function droppedFiles(dt: DataTransfer): ChosenBlob[] {
  const items = Array.from(dt.items ?? []).filter((i) => i.kind === 'file');
  if (items.length === 0) return Array.from(dt.files);
  return items.flatMap((i) => {
    const file = i.getAsFile();
    if (!file) return [];
    const folder = i.webkitGetAsEntry?.()?.isDirectory === true;
    return [Object.assign(file, { folder })];
  });
}

function ModelCard({ col, st, title }: { col: Column; st: SlotState | undefined; title: string }) {
  const actions = useApp((s) => s.actions);
  const m = st?.summary ?? null;
  const badge = modelBadge(st, col);
  const t = m?.training ?? null;
  const metrics = m?.metrics ?? null;
  const ev = st?.evaluation ?? null;
  // A bundled model: its accuracy on the 10,000 test sequences beside the thesis's, from the index.
  const bundled = m?.source === 'bundled' && col.bundle ? col.bundle : null;
  const training = bundled ? trainingText(bundled) : null;
  return (
    <article className="card" data-testid="model.card" data-slot={col.slot} data-source={m?.source ?? ''} data-status={bundled?.status ?? ''}>
      <header>
        <h3 data-testid="model.name">{title}</h3>
        <span className={`badge ${badge.kind}`}>{badge.text}</span>
      </header>
      {m ? (
        <dl className="kv">
          <dt>Cell</dt>
          <dd>
            {m.arch} · T = {m.T} · {m.width / m.T} columns per step
          </dd>
          <dt>Parameters</dt>
          <dd>
            <span data-testid="model.parameters">{fmtInt(m.parameters)}</span> true · {fmtInt(m.parametersThesis)} as the thesis counts
          </dd>
          <dt>Training</dt>
          <dd data-testid="model.training">
            {t
              ? `${DATASET_LABELS[t.dataset]} · ${t.limit === null ? 'all' : fmtInt(t.limit)} seq · ${t.epochs} epoch${t.epochs === 1 ? '' : 's'} · lr ${t.lr} · batch ${t.batch} · seed ${t.seed} · ${t.backend}`
              : 'none (random weights, seed 1)'}
          </dd>
          {training && (
            <>
              <dt>Status</dt>
              <dd data-testid="model.status">{training}: a checkpoint of a run still going on</dd>
            </>
          )}
          {bundled && (
            <>
              <dt>Test accuracy</dt>
              <dd>
                <BundleAccuracy col={col} st={st} testId="model.zoo-accuracy" fallback="–" />
              </dd>
            </>
          )}
          {(!bundled || ev) && (
            <>
              <dt>{bundled ? 'Evaluated here' : 'Accuracy'}</dt>
              <dd data-testid="model.accuracy">
                {ev?.running
                  ? 'evaluating…'
                  : ev?.accuracy !== undefined && ev?.accuracy !== null
                    ? `${fmtPercent(ev.accuracy)} on ${fmtInt(ev.n)} ${DATASET_LABELS[ev.dataset]} test sequences`
                    : metrics?.testAccuracy != null
                      ? `test ${fmtPercent(metrics.testAccuracy)}${metrics.valAccuracy != null ? ` · val ${fmtPercent(metrics.valAccuracy)}` : ''}`
                      : metrics?.trainAccuracy != null
                        ? `training (running) ${fmtPercent(metrics.trainAccuracy)}`
                        : '–'}
              </dd>
            </>
          )}
        </dl>
      ) : (
        <p className="muted">{st?.status === 'error' ? st.error : 'Loading…'}</p>
      )}
      {m && <ArchDiagram arch={m.arch} T={m.T} width={m.width} title={`Architecture of ${title}: ${m.arch}, T = ${m.T}`} />}
      {ev?.error && <p className="error">{ev.error}</p>}
      {m && (
        <div className="controls">
          <button type="button" data-testid="model.evaluate" disabled={ev?.running} title="Accuracy on 1,000 test sequences (a seeded subset)" onClick={() => void actions.evaluateModel(col.slot)}>
            Evaluate on 1,000
          </button>
          <button type="button" data-testid="model.download" onClick={() => void actions.downloadModel(col.slot)}>
            Download
          </button>
        </div>
      )}
    </article>
  );
}
