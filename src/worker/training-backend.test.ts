import { describe, expect, it } from 'vitest';
import type { BackendName, TrainProgressMsg } from '../protocol/messages';
import type { CallContext, Handlers } from '../protocol/server';
import { withTrainingBackend } from './training-backend';

const progress: TrainProgressMsg = { epoch: 1, epochs: 1, batch: 1, batches: 1, iteration: 1, loss: 1, accuracy: 0, seqPerSec: 1, elapsedSeconds: 0, etaSeconds: 0, backend: 'wasm' };
const req = { kind: 'trainStart' as const, slot: 't', preset: 'deep' as const, dataset: 'mnist' as const, task: 'maj' as const, limit: 10, epochs: 1, batchSize: 50, lr: 1e-3, seed: 1 };

function setup(choice: BackendName | null) {
  let active: BackendName = 'wasm';
  const log: string[] = [];
  const sent: TrainProgressMsg[] = [];
  const handlers = {
    trainStart: async (_r: unknown, ctx: CallContext<'trainStart'>) => {
      log.push(`train on ${active}`);
      ctx.progress({ ...progress, backend: active });
      return { aborted: false, iterations: 1, seconds: 1, loss: 1, accuracy: 0, model: null } as never;
    },
  } as unknown as Handlers;
  const wrapped = withTrainingBackend(handlers, {
    choose: async (b) => {
      log.push(`choose for ${b}`);
      active = 'webgl'; // measuring leaves another backend active
      return choice ? { report: { chosen: choice }, reason: `${choice} is faster` } : null;
    },
    activate: async (b) => {
      log.push(`activate ${b}`);
      active = b;
    },
    home: () => 'wasm',
    current: () => active,
  });
  const ctx = { id: 1, signal: new AbortController().signal, progress: (p: TrainProgressMsg) => sent.push(p) } as CallContext<'trainStart'>;
  return { wrapped, ctx, log, sent, active: () => active };
}

describe('withTrainingBackend', () => {
  it('runs the training on the backend measured for its batch size, says why in every progress message, and comes back after', async () => {
    const s = setup('webgpu');
    await s.wrapped.trainStart(req, s.ctx);
    expect(s.log).toEqual(['choose for 50', 'activate webgpu', 'train on webgpu', 'activate wasm']);
    expect(s.sent.map((p) => [p.backend, p.backendReason])).toEqual([['webgpu', 'webgpu is faster']]);
    expect(s.active()).toBe('wasm');
  });
  it('without a choice the run stays (and comes back home after a measurement moved it)', async () => {
    const s = setup(null);
    await s.wrapped.trainStart(req, s.ctx);
    expect(s.log).toEqual(['choose for 50', 'train on webgl', 'activate wasm']);
    expect(s.sent[0].backendReason).toBeUndefined();
  });
});
