/**
 * Float64 plain-loop replica of the rule library (src/core/explain/rules), imported by tests only.
 * A layer is written as explicit connection lists: for every output unit j, the (block, input i, W_ij)
 * triples that feed it (every input of a dense layer; the real, non-padding positions of a conv window).
 * Each rule is then the formula of facts §5.4 / §11 evaluated term by term, per sample n and unit j.
 */
import type { InputKind, RuleSet, RuleStats } from '../explain/rules/types';

export interface RefConnection {
  block: number;
  i: number;
  w: number;
}

export interface RefBlock {
  /** N × size activations, row-major. */
  x: Float64Array;
  size: number;
  kind: InputKind;
  literal?: boolean;
}

export interface RefLayer {
  N: number;
  /** Output units per sample (J for dense, H·W·C_out for conv). */
  units: number;
  blocks: RefBlock[];
  /** inputsOf[j]: the connections feeding output unit j. */
  inputsOf: RefConnection[][];
}

const pos = (v: number): number => (v > 0 ? v : 0);
const neg = (v: number): number => (v < 0 ? v : 0);
/** a / d with a/0 := 0 (§11.1). */
const div0 = (a: number, d: number): number => (d === 0 ? 0 : a / d);

/**
 * Relevance per block (N × size each, Float64Array) of the layer's inputs, given R (N × units),
 * with the dispatch of linearRelevance.ts.
 */
export function refRelevance(layer: RefLayer, R: Float64Array, rules: RuleSet, stats?: RuleStats): Float64Array[] {
  const out = layer.blocks.map((b) => new Float64Array(layer.N * b.size));
  const hasPixel = layer.blocks.some((b) => b.kind === 'pixel');
  const hasRelu = layer.blocks.some((b) => b.kind === 'relu');
  const { hidden, pixel } = rules;
  let rule: (n: number, j: number) => void;
  if (hidden.kind === 'epsilon' && (hasRelu || pixel.kind === 'as-hidden')) {
    rule = (n, j) => epsilonUnit(layer, R, out, n, j, hidden.epsilon);
  } else if (hasPixel && pixel.kind === 'z-beta') {
    rule = (n, j) => zBetaUnit(layer, R, out, n, j, rules, pixel.low, pixel.high);
  } else if (hasPixel && pixel.kind === 'w-square') {
    if (hasRelu) throw new Error('w² cannot be mixed with relu blocks');
    rule = (n, j) => wSquareUnit(layer, R, out, n, j, rules.stabilizer);
  } else if (hidden.kind === 'epsilon') {
    rule = (n, j) => epsilonUnit(layer, R, out, n, j, hidden.epsilon);
  } else {
    rule = (n, j) => alphaBetaUnit(layer, R, out, n, j, hidden.alpha, hidden.beta, hidden.conservative, rules.stabilizer, stats);
  }
  for (let n = 0; n < layer.N; n++) {
    for (let j = 0; j < layer.units; j++) rule(n, j);
  }
  return out;
}

/** LRP-αβ on unit j (eq. 3.34 with the thesis stabiliser added to both denominators; §11.2 fallback). */
function alphaBetaUnit(
  layer: RefLayer, R: Float64Array, out: Float64Array[], n: number, j: number,
  alpha: number, beta: number, conservative: boolean, s: number, stats?: RuleStats,
): void {
  const Rj = R[n * layer.units + j];
  const conns = layer.inputsOf[j];
  let zp = 0;
  let zn = 0;
  for (const c of conns) {
    const p = layer.blocks[c.block].x[n * layer.blocks[c.block].size + c.i] * c.w;
    zp += pos(p);
    zn += neg(p);
  }
  if (stats && Rj !== 0) {
    stats.units += 1;
    if (zn === 0) stats.zeroNegative += 1;
  }
  const [a, b] = conservative && zn === 0 ? [1, 0] : [alpha, beta];
  for (const c of conns) {
    const blk = layer.blocks[c.block];
    const p = blk.x[n * blk.size + c.i] * c.w;
    out[c.block][n * blk.size + c.i] += a * div0(pos(p) * Rj, zp + s) - b * div0(neg(p) * Rj, zn + s);
  }
}

/** LRP-ε on unit j: x_i W_ij R_j / (z_j + ε·sign(z_j)). */
function epsilonUnit(layer: RefLayer, R: Float64Array, out: Float64Array[], n: number, j: number, eps: number): void {
  const Rj = R[n * layer.units + j];
  let z = 0;
  for (const c of layer.inputsOf[j]) z += layer.blocks[c.block].x[n * layer.blocks[c.block].size + c.i] * c.w;
  const den = z + eps * Math.sign(z);
  for (const c of layer.inputsOf[j]) {
    const blk = layer.blocks[c.block];
    out[c.block][n * blk.size + c.i] += div0(blk.x[n * blk.size + c.i] * c.w * Rj, den);
  }
}

/** z^β (eq. 3.70) for pixels, alone or in the mixed rule with relu blocks (one shared denominator). */
function zBetaUnit(
  layer: RefLayer, R: Float64Array, out: Float64Array[], n: number, j: number,
  rules: RuleSet, l: number, h: number,
): void {
  const alpha = rules.hidden.kind === 'alpha-beta' ? rules.hidden.alpha : 1;
  const beta = rules.hidden.kind === 'alpha-beta' ? rules.hidden.beta : 0;
  const Rj = R[n * layer.units + j];
  const conns = layer.inputsOf[j];
  const q = (c: RefConnection): number => {
    const blk = layer.blocks[c.block];
    const x = blk.x[n * blk.size + c.i];
    return blk.kind === 'pixel' ? x * c.w - l * pos(c.w) - h * neg(c.w) : x * (alpha * pos(c.w) - beta * neg(c.w));
  };
  let z = rules.stabilizer;
  for (const c of conns) z += q(c);
  for (const c of conns) {
    const blk = layer.blocks[c.block];
    const share = blk.literal && rules.literal === 'thesis-code' ? blk.x[n * blk.size + c.i] * c.w : q(c);
    out[c.block][n * blk.size + c.i] += div0(share * Rj, z);
  }
}

/** w² on unit j: W_ij² R_j / (Σ_i' W_i'j² + s). */
function wSquareUnit(layer: RefLayer, R: Float64Array, out: Float64Array[], n: number, j: number, s: number): void {
  const Rj = R[n * layer.units + j];
  let z = s;
  for (const c of layer.inputsOf[j]) z += c.w * c.w;
  for (const c of layer.inputsOf[j]) {
    out[c.block][n * layer.blocks[c.block].size + c.i] += div0(c.w * c.w * Rj, z);
  }
}
