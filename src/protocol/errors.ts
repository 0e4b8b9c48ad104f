/** The error a protocol call rejects with: the worker's message, and a code saying why. */
import type { ErrorCode, Kind } from './messages';

export class WorkerCallError extends Error {
  override name = 'WorkerCallError';
  constructor(
    message: string,
    readonly code: ErrorCode,
    readonly kind: Kind | null,
  ) {
    super(message);
  }
}

/** True for a call that a newer call of its group replaced (the UI ignores these). */
export function isSuperseded(err: unknown): boolean {
  return err instanceof WorkerCallError && err.code === 'superseded';
}
