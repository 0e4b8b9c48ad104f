/**
 * Relevance through the output head (thesis-code-facts.md §5.5–5.6): from the start relevance on the
 * logits to the vector the head reads (h_T; R-LSTM: h_T, which then goes wholly to c_T).
 * Biases are ignored by every rule (they are frozen at zero, §1.2).
 */
import type { Tensor2D } from '../../tf';
import type { HeadTrace } from '../../cells/types';
import type { RuleSet } from '../rules/types';
import { denseRelevance } from '../rules/denseRelevance';
import type { HeadWeights } from './types';

/**
 * @param head  the head's trace: linear {hT [N, H], y [N, 10]} or deep {hT [N, H], o [N, 32], y}
 * @param w     the head's weights (out [H, 10], or o1 [H, 32] and o2 [32, 10])
 * @param Ry    start relevance [N, 10]: relu(y_c) in the explained class's column, 0 elsewhere
 * @returns     R(h_T) [N, H]
 */
export function headRelevance(head: HeadTrace, w: HeadWeights, Ry: Tensor2D, rules: RuleSet): Tensor2D {
  if (head.kind === 'linear' && w.kind === 'linear') {
    return denseRelevance([{ x: head.hT, ...w.out, kind: 'relu' }], Ry, rules)[0];
  }
  if (head.kind === 'deep' && w.kind === 'deep') {
    const Ro = denseRelevance([{ x: head.o, ...w.o2, kind: 'relu' }], Ry, rules)[0];
    return denseRelevance([{ x: head.hT, ...w.o1, kind: 'relu' }], Ro, rules)[0];
  }
  throw new Error(`head trace "${head.kind}" does not match head weights "${w.kind}"`);
}
