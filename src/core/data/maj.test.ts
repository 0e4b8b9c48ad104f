import { describe, expect, it } from 'vitest';
import { buildMaj } from './maj';
import { Rng } from './rng';

/** Base labels: 30,000 samples with class c having weight (c + 1) (uneven), shuffled. */
function baseLabels(): Uint8Array {
  const out = new Uint8Array(30000);
  const r = new Rng(4);
  for (let i = 0; i < out.length; i++) {
    let u = r.int(55); // 1 + 2 + … + 10 = 55
    let c = 0;
    while (u >= c + 1) { u -= c + 1; c++; }
    out[i] = c;
  }
  return out;
}

describe('buildMaj', () => {
  const labels = baseLabels();
  // the split: every second sample, in a shuffled order
  const members = new Rng(5).shuffle(Uint32Array.from({ length: 15000 }, (_, i) => 2 * i));
  const maj = buildMaj(labels, members, 0);

  it('keeps item j built on member j: its label is member j\'s label and one majority block is member j', () => {
    expect(maj.n).toBe(15000);
    let bad = 0;
    for (let j = 0; j < maj.n; j++) {
      if (maj.labels[j] !== labels[members[j]]) bad++;
      const blocks = [0, 1, 2].map((k) => maj.sources[3 * j + k]);
      if (!blocks.some((s, k) => s === members[j] && maj.masks[3 * j + k] === 1)) bad++;
    }
    expect(bad).toBe(0);
  });

  it('the mask marks exactly the two blocks of the label\'s class; the odd block is another class from the split', () => {
    const inSplit = new Set(members);
    let bad = 0;
    for (let j = 0; j < maj.n; j++) {
      let ones = 0;
      for (let k = 0; k < 3; k++) {
        const s = maj.sources[3 * j + k];
        const m = maj.masks[3 * j + k];
        ones += m;
        if (!inSplit.has(s) || (labels[s] === maj.labels[j]) !== (m === 1)) bad++;
      }
      if (ones !== 2) bad++;
    }
    expect(bad).toBe(0);
  });

  it('block order is uniform over the six permutations (χ², 5 dof, < 20.5 = p 0.001)', () => {
    const counts = new Map<string, number>();
    for (let j = 0; j < maj.n; j++) {
      // role of each block: o = original, p = partner, f = fake (first majority block equal to the member is the original)
      const roles = ['', '', ''];
      const o = [0, 1, 2].find((k) => maj.sources[3 * j + k] === members[j] && maj.masks[3 * j + k] === 1)!;
      for (let k = 0; k < 3; k++) roles[k] = k === o ? 'o' : maj.masks[3 * j + k] ? 'p' : 'f';
      const key = roles.join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['fop', 'fpo', 'ofp', 'opf', 'pfo', 'pof']);
    const e = maj.n / 6;
    const chi2 = [...counts.values()].reduce((a, c) => a + ((c - e) * (c - e)) / e, 0);
    expect(chi2).toBeLessThan(20.5);
  });

  it('odd-block classes follow the other classes\' frequencies', () => {
    // For label 0 (weight 1) the fake is class c with probability w_c / (55 − 1).
    const fake = new Array(10).fill(0);
    let n0 = 0;
    for (let j = 0; j < maj.n; j++) {
      if (maj.labels[j] !== 0) continue;
      n0++;
      for (let k = 0; k < 3; k++) if (!maj.masks[3 * j + k]) fake[labels[maj.sources[3 * j + k]]]++;
    }
    expect(fake[0]).toBe(0);
    expect(fake[9] / n0).toBeCloseTo(10 / 54, 1);
    expect(fake[1] / n0).toBeCloseTo(2 / 54, 1);
  });

  it('is deterministic per seed; other seeds give other sequences', () => {
    const again = buildMaj(labels, members, 0);
    let diff = 0;
    for (let i = 0; i < maj.sources.length; i++) if (again.sources[i] !== maj.sources[i] || again.masks[i] !== maj.masks[i]) diff++;
    expect(diff).toBe(0);
    const other = buildMaj(labels, members, 1);
    let same = 0;
    for (let i = 0; i < other.sources.length; i++) if (other.sources[i] === maj.sources[i]) same++;
    expect(same / other.sources.length).toBeLessThan(0.4);
  });

  it('fails clearly when the split holds a single class', () => {
    expect(() => buildMaj([3, 3, 3], [0, 1, 2], 0)).toThrow(/only class 3/);
  });
});
