/**
 * When the worker dies (a lost GPU device, an uncaught error), how the page restarts it: a pure
 * state machine over failure times, so the page never loops.
 *
 * Failures are counted per backend (the one the worker reported in its hello; "unknown" when it
 * died before saying) within a sliding window. The first `maxRestarts` failures of a backend within
 * the window restart the worker on it after an exponential back-off, baseDelayMs · 2^(k−1) for the
 * k-th (0.5 s, 1 s, 2 s); the next one gives the backend up: it joins `avoid` (the worker's hello
 * then never picks it; src/worker/backend-order.ts) and the worker restarts on the next backend of
 * the worker's order (webgpu → webgl → wasm → cpu, as available). A backend that cannot be given
 * up (cpu, or unknown) is not restarted again: the page says so and stops.
 */
import type { BackendName } from '../protocol/messages';

export interface RestartPolicyOptions {
  /** Restarts of one backend within the window before it is given up. */
  maxRestarts: number;
  /** The window failures are counted in (ms). */
  windowMs: number;
  /** The first restart's delay (ms); each further failure within the window doubles it. */
  baseDelayMs: number;
}

export const RESTART_POLICY: RestartPolicyOptions = { maxRestarts: 3, windowMs: 60_000, baseDelayMs: 500 };

interface DecisionBase {
  /** Failures of `backend` within the window, this one included. */
  failures: number;
  /** The backend the worker ran on when it failed (null: it had not said). */
  backend: BackendName | null;
  /** Every backend given up so far (hello's `avoid`). */
  avoid: BackendName[];
  options: RestartPolicyOptions;
}

export type RestartDecision =
  /** Restart on the same backend after `delayMs`. */
  | (DecisionBase & { action: 'restart'; delayMs: number })
  /** `backend` is given up (now in `avoid`): restart after `delayMs` on the next backend. */
  | (DecisionBase & { action: 'switch'; delayMs: number })
  /** Nothing left to fall back to: do not restart. */
  | (DecisionBase & { action: 'give-up' });

export class RestartPolicy {
  private readonly times = new Map<BackendName | null, number[]>();
  private readonly given: BackendName[] = [];

  constructor(readonly options: RestartPolicyOptions = RESTART_POLICY) {}

  /** The backends given up so far. */
  get avoid(): BackendName[] {
    return [...this.given];
  }

  /** A failure at time `now` (ms) of a worker running on `backend`: what to do. */
  failure(now: number, backend: BackendName | null): RestartDecision {
    const { maxRestarts, windowMs, baseDelayMs } = this.options;
    const recent = (this.times.get(backend) ?? []).filter((t) => now - t < windowMs);
    recent.push(now);
    this.times.set(backend, recent);
    const failures = recent.length;
    const base = { failures, backend, options: this.options };
    if (failures <= maxRestarts) return { ...base, action: 'restart', delayMs: baseDelayMs * 2 ** (failures - 1), avoid: this.avoid };
    if (backend === null || backend === 'cpu') return { ...base, action: 'give-up', avoid: this.avoid };
    this.given.push(backend);
    this.times.delete(backend);
    return { ...base, action: 'switch', delayMs: baseDelayMs, avoid: this.avoid };
  }
}
