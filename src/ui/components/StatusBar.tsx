/** The footer: which TF.js backend the worker runs on and why, the worker's state and restarts. */
import { useApp } from '../store-context';

export function StatusBar() {
  const w = useApp((s) => s.worker);
  const lat = useApp((s) => s.grid.latencies);
  // A training run on a backend measured for its batch size says so while it runs.
  const training = useApp((s) => (s.train.state === 'running' || s.train.state === 'paused' ? s.train.progress : null));
  const h = w.hello;
  const last = lat[lat.length - 1];
  return (
    <footer className="status" data-testid="status.bar" data-restarts={w.restarts}>
      <span>
        Backend:{' '}
        <strong data-testid="status.backend" data-backend={h?.backend ?? ''} title={h?.reason ?? ''}>
          {h ? h.backend : w.status === 'error' ? 'none' : 'starting…'}
        </strong>
      </span>
      {h && (
        <span className="muted" data-testid="status.reason" data-choice={h.choice ? (h.choice.cached ? 'cached' : 'measured') : 'order'}>
          {h.reason}
          {h.webgpu ? ` · WebGPU adapter: ${h.webgpu.vendor || '?'} ${h.webgpu.architecture || ''}${h.webgpu.isFallback ? ' (software)' : ''}` : ''}
        </span>
      )}
      {training?.backendReason && (
        <span className="muted" data-testid="status.train-backend">
          Training on {training.backend}: {training.backendReason}
        </span>
      )}
      {last !== undefined && <span className="muted">last stroke → grid: {Math.round(last)} ms</span>}
      {w.notice && (
        <span className="notice-inline" role="status" data-testid="status.notice">
          {w.notice}
        </span>
      )}
      {w.error && (
        <span role="alert" className="error" data-testid="status.error">
          Worker: {w.error}
        </span>
      )}
    </footer>
  );
}
