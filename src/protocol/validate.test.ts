import { describe, expect, it } from 'vitest';
import { checkRequest, checkToPage, checkToWorker } from './validate';

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

describe('trainStart is bounded', () => {
  const ok = { kind: 'trainStart', slot: 'u:t1', preset: 'deep', dataset: 'mnist', task: 'maj', limit: 500, epochs: 1, batchSize: 50, lr: 2e-4, seed: 71 } as const;
  const problem = (p: Record<string, unknown>) => {
    const r = checkToWorker({ v: 2, id: 1, type: 'request', req: { ...ok, ...p } });
    return 'problem' in r ? r.problem : null;
  };

  it('accepts the form’s defaults and every bound itself', () => {
    expect(problem({})).toBeNull();
    expect(problem({ batchSize: 1, epochs: 1, lr: 1 })).toBeNull();
    expect(problem({ batchSize: 1000, epochs: 1000, lr: Number.MIN_VALUE })).toBeNull();
  });

  it('refuses a batch size that is not an integer in 1…1000', () => {
    for (const [v, got] of [[0, '0'], [1001, '1001'], [2.5, '2.5'], [-50, '-50'], ['50', '"50"'], [NaN, 'NaN'], [undefined, 'nothing']] as const) {
      expect(problem({ batchSize: v })).toBe(`trainStart.batchSize must be an integer in [1, 1000], got ${got}`);
    }
  });

  it('refuses epochs that are not an integer in 1…1000', () => {
    for (const [v, got] of [[0, '0'], [1001, '1001'], [1e9, '1000000000'], [1.5, '1.5'], [Infinity, 'Infinity']] as const) {
      expect(problem({ epochs: v })).toBe(`trainStart.epochs must be an integer in [1, 1000], got ${got}`);
    }
  });

  it('refuses a learning rate that is not finite in (0, 1]', () => {
    for (const [v, got] of [[0, '0'], [-1e-3, '-0.001'], [1.0001, '1.0001'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [null, 'null']] as const) {
      expect(problem({ lr: v })).toBe(`trainStart.lr must be a number in (0, 1], got ${got}`);
    }
  });

  it('refuses a number of training sequences below 1 or not whole (the split’s size is checked by the worker)', () => {
    expect(problem({ limit: 0 })).toBe('trainStart.limit must be an integer in [1, ∞], got 0');
    expect(problem({ limit: 10.5 })).toBe('trainStart.limit must be an integer in [1, ∞], got 10.5');
  });

  it('checkRequest names the field and the problem for the page’s form', () => {
    const big = { ...ok, batchSize: 5000 };
    expect(checkRequest(big)).toEqual({ field: 'batchSize', problem: 'must be an integer in [1, 1000], got 5000' });
    expect(checkRequest(ok)).toBeNull();
  });
});

describe('the fields of restarts and uploads', () => {
  const problem = (req: Record<string, unknown>) => {
    const r = checkToWorker({ v: 2, id: 1, type: 'request', req });
    return 'problem' in r ? r.problem : null;
  };
  it('hello.avoid is an optional list of distinct backends', () => {
    expect(problem({ kind: 'hello', backend: null })).toBeNull();
    expect(problem({ kind: 'hello', backend: 'webgpu', avoid: ['webgpu', 'webgl'] })).toBeNull();
    expect(problem({ kind: 'hello', backend: null, avoid: ['metal'] })).toBe('hello.avoid must be a list of distinct backends (webgpu, webgl, wasm, cpu) or absent, got ["metal"]');
    expect(problem({ kind: 'hello', backend: null, avoid: ['wasm', 'wasm'] })).toMatch(/^hello\.avoid must be a list of distinct backends/);
  });
  it('hello.candidates is an optional list of distinct backends, hello.methods an optional list of method specs', () => {
    expect(problem({ kind: 'hello', backend: null, candidates: ['webgpu', 'wasm'], methods: ['sensitivity'] })).toBeNull();
    expect(problem({ kind: 'hello', backend: null, candidates: ['wasm', 'gpu'] })).toBe('hello.candidates must be a list of distinct backends (webgpu, webgl, wasm, cpu) or absent, got ["wasm","gpu"]');
    expect(problem({ kind: 'hello', backend: null, methods: [] })).toBe('hello.methods must be a list of 1–16 strings or absent, got []');
  });
  it('inspectModel takes model.json bytes; loadModel.returnFiles and crash.deviceLoss are flags', () => {
    expect(problem({ kind: 'inspectModel', json: new Uint8Array(3) })).toBeNull();
    expect(problem({ kind: 'inspectModel', json: '{}' })).toBe('inspectModel.json must be a Uint8Array, got "{}"');
    expect(problem({ kind: 'loadModel', slot: 'a', json: new Uint8Array(1), weights: new Uint8Array(1), name: 'm', returnFiles: 'yes' })).toBe(
      'loadModel.returnFiles must be true or false or absent, got "yes"',
    );
    expect(problem({ kind: 'crash', message: 'x', deviceLoss: true })).toBeNull();
    expect(problem({ kind: 'crash', message: 'x', deviceLoss: 1 })).toBe('crash.deviceLoss must be true or false or absent, got 1');
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
