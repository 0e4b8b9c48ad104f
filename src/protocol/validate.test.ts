import { describe, expect, it } from 'vitest';
import { checkToPage, checkToWorker } from './validate';

describe('checkToWorker', () => {
  it('accepts a well-formed request and a cancel', () => {
    const req = { v: 2, id: 3, type: 'request', req: { kind: 'explain', dataset: 'fashion', task: 'maj', split: 'test', index: 4, method: 'deep-taylor', target: 'predicted' } };
    expect(checkToWorker(req)).toEqual(req);
    expect(checkToWorker({ v: 2, id: 9, type: 'cancel' })).toEqual({ v: 2, id: 9, type: 'cancel' });
  });
  it('reports the first bad field with what it should be', () => {
    const bad = (req: unknown) => checkToWorker({ v: 2, id: 1, type: 'request', req });
    expect(bad({ kind: 'explain', dataset: 'mnist', task: 'maj', split: 'test', index: 0, method: 'x', target: 10 })).toMatchObject({
      problem: 'explain.target must be an integer in [0, 9] or one of predicted or absent, got 10',
      code: 'bad-request',
    });
    expect(bad({ kind: 'loadModel', slot: 'a', json: [1, 2], weights: new Uint8Array(1), name: 'm' })).toMatchObject({ problem: 'loadModel.json must be a Uint8Array, got [1,2]' });
    expect(bad({ kind: 'trainStart', slot: 'a', preset: 'deep', dataset: 'mnist', task: 'maj', limit: 0, epochs: 1, batchSize: 50, lr: 2e-4, seed: 1 })).toMatchObject({
      problem: 'trainStart.limit must be an integer in [1, ∞], got 0',
    });
    expect(bad({ kind: 'explainGrid', slot: 'a b', pixels: new Uint8Array(1), label: null, mask: null, methods: ['x'], version: 0 })).toMatchObject({
      problem: 'explainGrid.slot must be a slot name (1–80 letters, digits, _ : . -), got "a b"',
    });
    expect(bad({ kind: 'explainGrid', slot: 'a', pixels: new Uint8Array(1), label: 3, mask: [1, 2], methods: ['x'], version: 0 })).toMatchObject({
      problem: 'explainGrid.mask must be null or a list of 0/1 flags, got [1,2]',
    });
    expect(checkToWorker({ v: 2, type: 'request', req: { kind: 'hello', backend: null } })).toMatchObject({ problem: 'message has no integer id', id: -1 });
    expect(checkToWorker('hello')).toMatchObject({ problem: 'message is not an object' });
  });
});

describe('checkToPage', () => {
  it('ignores messages that are not ours and normalises unknown error codes', () => {
    expect(checkToPage({ type: 'vite:hmr' })).toBeNull();
    expect(checkToPage({ v: 1, id: 1, kind: 'hello', type: 'result', value: 1 })).toBeNull();
    expect(checkToPage({ v: 2, id: 1, kind: 'fly', type: 'result', value: 1 })).toBeNull();
    expect(checkToPage({ v: 2, id: 2, kind: 'loadModel', type: 'error', code: 'weird', message: 'boom' })).toEqual({
      v: 2,
      id: 2,
      kind: 'loadModel',
      type: 'error',
      code: 'failed',
      message: 'boom',
    });
  });
});
