/**
 * Replica of the thesis code's block shares computed BY STEPS (facts §7.1 steps 1–5): ρ_t from the positive
 * part of each step's columns, ρ̂_t = ρ_t / (Σ ρ_t + 1e-20), block k = Σ of ρ̂_t over the steps whose
 * FIRST column lies in block k. Agrees with the by-columns blockShares only when no step straddles a
 * block (§11.9). Test-only.
 */
export function blockSharesBySteps(heatmap: ArrayLike<number>, width: number, T: number, blocks = 3): number[] {
  const c = width / T;
  const rows = heatmap.length / width;
  const rho = new Array<number>(T).fill(0);
  for (let t = 0; t < T; t++) {
    for (let r = 0; r < rows; r++) {
      for (let col = t * c; col < (t + 1) * c; col++) rho[t] += Math.max(0, heatmap[r * width + col]);
    }
  }
  const total = rho.reduce((s, v) => s + v, 0);
  const shares = new Array<number>(blocks).fill(0);
  const perBlock = width / blocks;
  for (let t = 0; t < T; t++) shares[Math.floor((t * c) / perBlock)] += rho[t] / (total + 1e-20);
  return shares;
}
