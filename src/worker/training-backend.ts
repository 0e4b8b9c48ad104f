/**
 * A training run on the backend measured fastest for its batch size (init-backend.ts
 * chooseTrainingBackend): the trainStart handler is wrapped so that the worker switches to that
 * backend before the run and back to the explanations' backend after it (weights made on the
 * other backend move on their next use: TF.js moves tensor data between backends by itself).
 * Grid requests that arrive during the run are computed on the training backend. Every progress
 * message says why the run is where it is.
 */
import type { BackendName } from '../protocol/messages';
import type { Handlers } from '../protocol/server';

export interface TrainingBackendDeps {
  /** The measured choice for a batch size, or null when there is nothing to choose. */
  choose(batchSize: number): Promise<{ report: { chosen: BackendName }; reason: string } | null>;
  /** Makes `backend` the active one (throws when it does not come up). */
  activate(backend: BackendName): Promise<void>;
  /** The backend explanations use (the hello's), or null before the first hello. */
  home(): BackendName | null;
  /** The active backend. */
  current(): BackendName;
}

export function withTrainingBackend(handlers: Handlers, deps: TrainingBackendDeps): Handlers {
  const inner = handlers.trainStart;
  /** Runs started: only the newest run's end switches back (a superseded run ends after the next began). */
  let runs = 0;
  return {
    ...handlers,
    async trainStart(req, ctx) {
      const mine = ++runs;
      const choice = await deps.choose(req.batchSize);
      const home = deps.home();
      // Measuring switches backends: always settle on the chosen one (or back home) before the run.
      if (choice) await deps.activate(choice.report.chosen);
      const reason = choice?.reason;
      try {
        return await inner(req, reason ? { ...ctx, progress: (p, t) => ctx.progress({ ...p, backendReason: reason }, t) } : ctx);
      } finally {
        if (mine === runs && home !== null && deps.current() !== home) await deps.activate(home);
      }
    },
  };
}
