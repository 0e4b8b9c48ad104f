/**
 * relevanceFlow: hand-computed figures; on seeded cells the flow of the float64 replica conserves step by
 * step for the conservative rules (nothing lost, what a step passes back is what reaches the step before),
 * and the engine's Conv⁺ literal part of the state relevance (SequenceExplanation.literal) equals the
 * replica's on both explainMany paths (stacked and one method at a time).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../test/tf-backend';
import { relError } from '../../../test/cell-helpers';
import { fixture, refPropagate, rulesOf, type Fixture } from '../../../test/explain-helpers';
import { explainMany } from '../explain/explain';
import { perStepSums } from './perStepRelevance';
import { relevanceFlow } from './relevanceFlow';

describe('relevanceFlow on hand-computed figures', () => {
  it('splits what reaches each step into kept, passed back and lost', () => {
    // Output 7; the head hands 6.5 to step 3, which keeps 3, passes 3 back, loses 0.5.
    const f = relevanceFlow([1, 2, 3], [1, 3, 6.5], null, 7);
    expect(f.headLost).toBe(0.5);
    expect(f.literal).toBe(false);
    expect(f.steps.map((s) => [s.step, s.arrives, s.kept, s.passedState, s.passedLiteral, s.lost])).toEqual([
      [1, 1, 1, 0, 0, 0],
      [2, 3, 2, 1, 0, 0],
      [3, 6.5, 3, 3, 0, 0.5],
    ]);
  });

  it("takes the Conv⁺ literal part out of what a step passes back through the state", () => {
    const f = relevanceFlow([1, 2, 3], [1, 3, 6], [0.25, 1, 0], 6);
    expect(f.literal).toBe(true);
    expect(f.steps.map((s) => [s.passedState, s.passedLiteral])).toEqual([
      [0, 0],
      [0.75, 0.25],
      [2, 1],
    ]);
  });

  it('refuses mismatched lengths, no steps and non-finite figures', () => {
    expect(() => relevanceFlow([1, 2], [1], null, 1)).toThrow('state has 1 steps, perStep 2');
    expect(() => relevanceFlow([1, 2], [1, 2], [0], 1)).toThrow('literal has 1 steps, perStep 2');
    expect(() => relevanceFlow([], [], null, 0)).toThrow('no steps');
    expect(() => relevanceFlow([1], [NaN], null, 1)).toThrow('finite');
  });
});

describe('relevanceFlow of the float64 replica', () => {
  beforeAll(() => useBackend('cpu'));
  // Shallow at T = 4 on one 28 × 28 image (the sequence task), the others on MAJ (T = 12).
  const cases = [
    { id: 'shallow', task: { T: 4, width: 28 } },
    { id: 'deep', task: { T: 7, width: 28 } },
    { id: 'r-lstm', task: { T: 12, width: 84 } },
    { id: 'conv-plus-deep', task: { T: 12, width: 84 } },
  ];
  for (const { id, task } of cases) {
    it(`${id} (T = ${task.T}): deep Taylor loses nothing at any step, and the steps keep all of relu(y_c)`, () => {
      const f = fixture(id, 1, 5, task);
      try {
        const want = refPropagate(f, rulesOf('deep-taylor'));
        const yc = f.ref.logits.data[f.target[0]];
        expect(yc).toBeGreaterThan(0);
        const perStep = perStepSums(want.heatmap, task.width, task.T);
        const flow = relevanceFlow(perStep, Array.from(want.state), want.literal ? Array.from(want.literal) : null, yc);
        expect(flow.literal).toBe(id === 'conv-plus-deep');
        expect(Math.abs(flow.headLost)).toBeLessThan(1e-6 * yc);
        for (const s of flow.steps) expect(Math.abs(s.lost), `step ${s.step}`).toBeLessThan(1e-6 * yc);
        expect(Math.abs(flow.steps.reduce((a, s) => a + s.kept, 0) - yc)).toBeLessThan(1e-6 * yc);
        // The first step passes nothing back; the last receives what the head hands on.
        expect(flow.steps[0].passedState + flow.steps[0].passedLiteral).toBe(0);
        expect(flow.steps[task.T - 1].arrives).toBeCloseTo(yc, 6);
        if (task.T > 1) expect(flow.steps[task.T - 1].passedState).toBeGreaterThan(0);
        if (id === 'conv-plus-deep') expect(flow.steps.some((s) => Math.abs(s.passedLiteral) > 1e-3 * yc)).toBe(true);
      } finally {
        f.dispose();
      }
    });
  }

  it('LRP-ε loses relevance at the steps (the stabiliser absorbs it) where deep Taylor loses none', () => {
    const f = fixture('deep', 1, 5, { T: 7, width: 28 });
    try {
      const want = refPropagate(f, rulesOf('lrp-epsilon', { epsilon: 1 }));
      const yc = f.ref.logits.data[f.target[0]];
      const flow = relevanceFlow(perStepSums(want.heatmap, 28, 7), Array.from(want.state), null, yc);
      const lost = flow.headLost + flow.steps.reduce((a, s) => a + s.lost, 0);
      expect(lost).toBeGreaterThan(1e-3 * yc);
    } finally {
      f.dispose();
    }
  });
});

describe('the engine reports the Conv⁺ literal part of the state relevance (SequenceExplanation.literal)', () => {
  let f: Fixture;
  // The replica is slow on a Conv⁺ cell: each rule set's walk once, for both paths.
  const wanted = new Map<string, ReturnType<typeof refPropagate>>();
  const want = (spec: string) => wanted.get(spec) ?? wanted.set(spec, refPropagate(f, rulesOf(spec))).get(spec)!;
  beforeAll(async () => {
    await useBackend('cpu');
    f = fixture('conv-plus-r-lstm', 1, 3);
  });
  afterAll(() => f.dispose());

  for (const stack of [true, false]) {
    it(`equals the float64 replica's for deep Taylor and LRP-α1.5β0.5 (${stack ? 'stacked' : 'one method at a time'})`, async () => {
      const specs = ['deep-taylor', 'lrp-alpha-beta:a1.5b0.5'];
      const got = await explainMany(f.cell, f.w, f.x, [...specs, 'sensitivity'], { target: f.target, stack });
      specs.forEach((spec, k) => {
        const ref = want(spec);
        const s = got[k].sequences[0];
        expect(s.literal, spec).not.toBeNull();
        expect(relError(s.literal!, ref.literal!), spec).toBeLessThan(1e-4);
        expect(relError(s.state!, ref.state), spec).toBeLessThan(1e-4);
        expect(s.literal![11]).toBe(0);
      });
      expect(got[2].sequences[0].literal).toBeNull(); // a gradient has no such split
    });
  }

  it('is null for a cell without literal connections', async () => {
    const d = fixture('deep', 1, 3);
    try {
      const [r] = await explainMany(d.cell, d.w, d.x, ['deep-taylor'], { target: d.target });
      expect(r.sequences[0].state).not.toBeNull();
      expect(r.sequences[0].literal).toBeNull();
    } finally {
      d.dispose();
    }
  });
});
