import { describe, expect, it } from 'vitest';
import { blockShares } from './blockShares';
import { perStepRelevance, perStepSums } from './perStepRelevance';
import { cosineToMask } from './cosineToMask';
import { adjustedMajorityShare, majorityShare } from './majorityShare';
import { conservationError, relativeConservationError } from './conservation';
import { blockSharesBySteps } from '../reference/metricsBySteps';
import { randomValues, seededRandom } from '../reference/rulesTesting';

const H = 28;
const W = 84;

/** A 28×84 heatmap with `value` on the given columns and 0 elsewhere. */
function heat(columns: (col: number) => number): Float32Array {
  const h = new Float32Array(H * W);
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) h[r * W + c] = columns(c);
  return h;
}

describe('cosineToMask reproduces the reference values of facts §7.3 (6 decimals)', () => {
  const cases: [number[], number[], number][] = [
    [[1, 1, 0], [0.9, 0.1, 0], 0.780869],
    [[1, 1, 0], [0.5, 0.3, 0.2], 0.917663],
    [[1, 1, 0], [0.5, 0.5, 0], 1.0],
    [[1, 1, 0], [0.1, 0.1, 0.8], 0.174078],
    [[1, 1, 0], [0, 0, 1], 0.0],
    [[1, 1, 0], [0, 0.1, 0.9], 0.078087],
    [[1, 0, 1], [0, 0.1, 0.9], 0.702782],
  ];
  for (const [m, v, want] of cases) {
    it(`m = [${m}], v = [${v}] → ${want.toFixed(6)}`, () => {
      expect(cosineToMask(v, m).toFixed(6)).toBe(want.toFixed(6));
    });
  }
  it('is 0 when ‖m‖‖v‖ = 0', () => {
    expect(cosineToMask([0, 0, 0], [1, 1, 0])).toBe(0);
    expect(cosineToMask([0.2, 0.3, 0.5], [0, 0, 0])).toBe(0);
  });
});

describe('blockShares (by columns, positive part, §7.1 / §11.9)', () => {
  it('all relevance on one block gives a one-hot vector', () => {
    const v = blockShares(heat((c) => (c >= 28 && c < 56 ? 0.5 : 0)), W);
    expect(v[0]).toBe(0);
    expect(v[1]).toBeCloseTo(1, 12);
    expect(v[2]).toBe(0);
  });
  it('uniform relevance gives 1/3 each', () => {
    blockShares(heat(() => 0.01), W).forEach((s) => expect(s).toBeCloseTo(1 / 3, 12));
  });
  it('an empty heatmap gives zeros, and cosine 0', () => {
    const v = blockShares(new Float32Array(H * W), W);
    expect(v).toEqual([0, 0, 0]);
    expect(cosineToMask(v, [1, 1, 0])).toBe(0);
  });
  it('negative relevance is ignored', () => {
    // Block 0: +1 per pixel on 28 columns; block 1: −5 per pixel; block 2: +1 on 14 columns.
    const v = blockShares(heat((c) => (c < 28 ? 1 : c < 56 ? -5 : c < 70 ? 1 : 0)), W);
    expect(v[0]).toBeCloseTo(2 / 3, 12);
    expect(v[1]).toBe(0);
    expect(v[2]).toBeCloseTo(1 / 3, 12);
  });
  it('an all-negative heatmap counts as empty', () => {
    expect(blockShares(heat(() => -1), W)).toEqual([0, 0, 0]);
  });
  it('agrees with the by-steps computation of the thesis when no step straddles a block (T = 12, W = 84)', () => {
    const h = Float32Array.from(randomValues(seededRandom(3), H * W, -1, 1));
    const byCols = blockShares(h, W);
    blockSharesBySteps(h, W, 12).forEach((s, k) => expect(s).toBeCloseTo(byCols[k], 12));
  });
  it('differs from the by-steps computation when steps straddle blocks (T = 7, c = 12)', () => {
    // Relevance 1 on columns 24–35, exactly step 2 (columns 24–35), which straddles blocks 0 (…27) and 1 (28…).
    // By columns: 4 of 12 columns in block 0, 8 in block 1. By steps: the whole step goes to one block.
    const h = heat((c) => (c >= 24 && c < 36 ? 1 : 0));
    expect(blockShares(h, W)).toEqual([4 / 12, 8 / 12, 0].map((v) => expect.closeTo(v, 12)));
    expect(blockSharesBySteps(h, W, 7)[0]).toBeCloseTo(1, 12);
  });
  it('rejects a width that is not a multiple of the number of blocks', () => {
    expect(() => blockShares(new Float32Array(28 * 28), 28)).toThrow('blockShares: width 28 is not a multiple of blocks 3');
  });
});

describe('perStepRelevance', () => {
  it('normalises the positive part per step and keeps the raw signed sums apart', () => {
    // T = 4 on 28 columns (c = 7): step 0 +1 per pixel (196), step 1 −1 per pixel, step 2 +3 on one column (84), step 3 empty.
    const width = 28;
    const h = new Float32Array(28 * width);
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < width; c++) h[r * width + c] = c < 7 ? 1 : c < 14 ? -1 : c === 14 ? 3 : 0;
    }
    const shares = perStepRelevance(h, width, 4);
    expect(shares[0]).toBeCloseTo(196 / 280, 12);
    expect(shares[1]).toBe(0);
    expect(shares[2]).toBeCloseTo(84 / 280, 12);
    expect(shares[3]).toBe(0);
    expect(perStepSums(h, width, 4)).toEqual([196, -196, 84, 0]);
    expect(perStepSums(h, width, 4, 'positive')).toEqual([196, 0, 84, 0]);
    expect(perStepRelevance(new Float32Array(28 * width), width, 4)).toEqual([0, 0, 0, 0]);
  });
});

describe('majority shares (§7.2)', () => {
  it('majorityShare is Σ m_k v_k; the adjusted share caps each term at τ = 0.8', () => {
    expect(majorityShare([0.9, 0.1, 0], [1, 1, 0])).toBeCloseTo(1, 12);
    expect(adjustedMajorityShare([0.9, 0.1, 0], [1, 1, 0])).toBeCloseTo(0.9, 12);
    expect(adjustedMajorityShare([1, 0, 0], [1, 1, 0])).toBeCloseTo(0.8, 12);
    expect(adjustedMajorityShare([0.5, 0.3, 0.2], [1, 1, 0])).toBeCloseTo(0.8, 12);
    expect(adjustedMajorityShare([0.6, 0.2, 0.2], [1, 0, 1], 0.5)).toBeCloseTo(0.7, 12);
  });
});

describe('conservation figures', () => {
  it('compare Σ R with relu(y_c), absolutely and relative to max(1, |y_c|)', () => {
    expect(conservationError(4.99, 5)).toBeCloseTo(0.01, 12);
    expect(conservationError(0.003, -2)).toBeCloseTo(0.003, 12); // a negative logit starts no relevance
    expect(relativeConservationError(9.9, 10)).toBeCloseTo(0.01, 12);
    expect(relativeConservationError(0.25, 0.5)).toBeCloseTo(0.25, 12);
  });
});
