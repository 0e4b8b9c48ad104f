/** The footer: which TF.js backend the worker runs on and why, and the worker's state. */
import { useApp } from '../store-context';

export function StatusBar() {
  const w = useApp((s) => s.worker);
  const h = w.hello;
  return (
    <footer className="status" data-testid="status.bar">
      <span>
        Backend:{' '}
        <strong data-testid="status.backend" data-backend={h?.backend ?? ''} title={h?.reason ?? ''}>
          {h ? h.backend : w.status === 'error' ? 'none' : 'starting…'}
        </strong>
      </span>
      {h && (
        <span className="muted" data-testid="status.reason">
          {h.reason}
          {h.webgpu ? ` · WebGPU adapter: ${h.webgpu.vendor || '?'} ${h.webgpu.architecture || ''}${h.webgpu.isFallback ? ' (software)' : ''}` : ''}
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
