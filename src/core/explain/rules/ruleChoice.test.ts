import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../tf';
import { useBackend } from '../../../../test/tf-backend';
import { denseRelevance } from './denseRelevance';
import { ruleChoice } from './ruleChoice';
import { alphaBetaRules, deepTaylorRules, epsilonRules, THESIS_Z_BETA } from './ruleSets';
import type { InputKind } from './types';

const ab = alphaBetaRules(1.5, 0.5);
const dt = deepTaylorRules();
const eps = epsilonRules(1e-3);
const abAsHidden = alphaBetaRules(1.5, 0.5, { pixel: { kind: 'as-hidden' } });
const abWSquare = alphaBetaRules(1.5, 0.5, { pixel: { kind: 'w-square' } });
const epsZBeta = epsilonRules(1e-3, { pixel: THESIS_Z_BETA });
const epsWSquare = epsilonRules(1e-3, { pixel: { kind: 'w-square' } });

beforeAll(() => useBackend('cpu'));

describe('ruleChoice (the table of docs/rules.md, "How a layer\'s rule is chosen")', () => {
  const R: InputKind[] = ['relu'];
  const P: InputKind[] = ['pixel'];
  const PR: InputKind[] = ['pixel', 'relu'];
  it.each([
    ['relu blocks, αβ', R, ab, 'alpha-beta'],
    ['relu blocks, deep Taylor', ['relu', 'relu'] as InputKind[], dt, 'alpha-beta'],
    ['relu blocks, ε', R, eps, 'epsilon'],
    ['pixels, z^β', P, ab, 'z-beta'],
    ['pixels, w²', P, abWSquare, 'w-square'],
    ['pixels, as-hidden αβ', P, abAsHidden, 'alpha-beta'],
    ['pixels, as-hidden ε (LRP-ε default)', P, eps, 'epsilon'],
    ['pixels, z^β under ε', P, epsZBeta, 'z-beta'],
    ['pixels, w² under ε', P, epsWSquare, 'w-square'],
    ['pixels + relu, z^β: the mixed rule', PR, ab, 'mixed'],
    ['pixels + relu, as-hidden: αβ over the concatenation', PR, abAsHidden, 'alpha-beta'],
    ['pixels + relu under ε, whatever the pixel rule', PR, epsZBeta, 'epsilon'],
    ['pixels + relu under ε with w²', PR, epsWSquare, 'epsilon'],
  ] as const)('%s', (_name, kinds, rules, rule) => {
    expect(ruleChoice(kinds, rules).rule).toBe(rule);
  });

  it('w² beside relu blocks under αβ is an error, the one denseRelevance throws', () => {
    const c = ruleChoice(['pixel', 'relu'], abWSquare);
    expect(c.rule).toBe('error');
    const x = tf.ones([1, 2]) as tf.Tensor2D;
    const W = tf.ones([2, 1]) as tf.Tensor2D;
    const Rj = tf.ones([1, 1]) as tf.Tensor2D;
    expect(() => denseRelevance([{ x, W, kind: 'pixel' }, { x, W, kind: 'relu' }], Rj, abWSquare)).toThrow(c.rule === 'error' ? c.error : '');
    tf.dispose([x, W, Rj]);
  });

  it('a layer without input blocks is refused', () => {
    expect(() => ruleChoice([], ab)).toThrow('at least one input block');
  });
});
