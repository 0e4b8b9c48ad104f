/** The current model, and loading a model file pair (model.json + weights.bin). */
import { fmtInt } from '../format';
import { useApp } from '../store-context';

export function ModelPanel() {
  const model = useApp((s) => s.model);
  const ready = useApp((s) => s.worker.status === 'ready');
  const actions = useApp((s) => s.actions);
  const m = model.summary;
  return (
    <section className="panel" aria-labelledby="model-title" data-testid="model.panel" data-attempts={model.attempts} data-loading={model.loading ? '1' : '0'}>
      <h2 id="model-title">Model</h2>
      <label className="file">
        Model files (model.json + weights.bin)
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
      <p data-testid="model.current" data-source={m?.source ?? ''} aria-live="polite">
        {model.loading ? (
          'Loading…'
        ) : m ? (
          <>
            <strong data-testid="model.name">{m.name}</strong> · {m.arch} · T = {m.T} · width {m.width} ·{' '}
            <span data-testid="model.parameters">{fmtInt(m.parameters)}</span> parameters
            <span className="muted"> · {m.detail}</span>
          </>
        ) : (
          <span className="muted">No model yet: train one or load a file pair.</span>
        )}
      </p>
      {model.error && (
        <p role="alert" className="error" data-testid="model.error">
          {model.error}
        </p>
      )}
    </section>
  );
}
