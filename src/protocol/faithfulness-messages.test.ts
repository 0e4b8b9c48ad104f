import { describe, expect, it } from 'vitest';
import { groupOf, type RequestOf } from './messages';
import { checkRequest } from './validate';

const perturbation = (over: Record<string, unknown> = {}) =>
  ({ kind: 'perturbation', slot: 'i:deep', pixels: new Uint8Array(28 * 84), label: 3, methods: ['deep-taylor'], fill: 'background', patch: 4, steps: 30, randomOrders: 8, version: 1, ...over }) as RequestOf<'perturbation'>;

describe('the faithfulness calls', () => {
  it('checks every field of a perturbation request and names the first bad one', () => {
    expect(checkRequest(perturbation())).toBeNull();
    expect(checkRequest(perturbation({ fill: 'blur' }))).toEqual({ field: 'fill', problem: 'must be one of background, noise, got "blur"' });
    expect(checkRequest(perturbation({ patch: 0 }))).toEqual({ field: 'patch', problem: 'must be an integer in [1, 28], got 0' });
    expect(checkRequest(perturbation({ steps: 201 }))).toEqual({ field: 'steps', problem: 'must be an integer in [1, 200], got 201' });
    expect(checkRequest(perturbation({ randomOrders: 0 }))).toEqual({ field: 'randomOrders', problem: 'must be an integer in [1, 32], got 0' });
    expect(checkRequest(perturbation({ methods: [] }))).toEqual({ field: 'methods', problem: 'must be a list of 1–16 strings, got []' });
    const rand = { kind: 'randomisation', slot: 'a', pixels: new Uint8Array(1), label: null, methods: ['sensitivity'], seed: -1, version: 0 } as const;
    expect(checkRequest(rand)).toEqual({ field: 'seed', problem: 'must be an integer in [0, 4294967295], got -1' });
  });

  it('gives each check its own supersession group, one for all models (one panel at a time)', () => {
    const rand: RequestOf<'randomisation'> = { kind: 'randomisation', slot: 'b', pixels: new Uint8Array(1), label: null, methods: ['sensitivity'], seed: 1, version: 0 };
    expect([groupOf(perturbation()), groupOf(perturbation({ slot: 'other' })), groupOf(rand)]).toEqual(['perturbation', 'perturbation', 'randomisation']);
  });
});
