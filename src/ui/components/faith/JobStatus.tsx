/** What a faithfulness job is doing: progress after a moment, a note when its result is for an older sequence, or its error. */
import { useEffect, useState } from 'react';
import type { JobProgress } from '../../../protocol/messages';
import type { FaithJob } from '../../slices/faith';

const PHASE: Record<JobProgress['phase'], (p: JobProgress) => string> = {
  explaining: () => 'Explaining the sequence with every method…',
  perturbing: (p) => `Removing patches: ${p.done} of ${p.total} curves…`,
  randomising: (p) => `Re-initialising the layers: stage ${Math.max(0, p.done - 1)} of ${p.total - 1} done…`,
};

/**
 * What a job is doing: after a moment (300 ms) a progress bar while it runs; "updates after the
 * stroke" while the shown result is for an older sequence; the worker's message when it failed.
 */
export function JobStatus<R>({ job, current, onRetry }: { job: FaithJob<R>; current: string | null; onRetry(): void }) {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    setSlow(false);
    if (job.running === null) return;
    const t = setTimeout(() => setSlow(true), 300);
    return () => clearTimeout(t);
  }, [job.running]);
  if (job.running !== null) {
    const p = job.progress;
    return (
      <div className="faith-status" data-testid="faith.progress" data-running="1" aria-live="polite">
        {slow && (
          <>
            <progress max={p?.total ?? 1} value={p ? p.done : undefined} aria-label="Progress of the check" />
            <span className="muted small">{p ? PHASE[p.phase](p) : 'Starting…'}</span>
          </>
        )}
      </div>
    );
  }
  if (job.error !== null && job.key === current) {
    return (
      <p role="alert" className="error faith-status" data-testid="faith.error">
        {job.error}{' '}
        <button type="button" data-testid="faith.retry" onClick={onRetry}>
          Try again
        </button>
      </p>
    );
  }
  if (job.result !== null && job.key !== current) {
    return (
      <p className="faith-status muted small" data-testid="faith.stale">
        The sequence changed: the check runs again when the stroke ends.
      </p>
    );
  }
  return null;
}
