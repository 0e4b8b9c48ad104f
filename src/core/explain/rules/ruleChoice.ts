/**
 * Which rule a linear (dense or conv) layer runs, from the kinds of its input blocks and the method's
 * rules: the dispatch of linearRelevance.ts as plain data (no TF.js), so that the page can say which
 * rule runs at which layer of a cell from the same code that runs it (docs/rules.md, "How a layer's
 * rule is chosen"; facts §5.4, §5.6).
 *
 *  - hidden LRP-ε and (some block is 'relu' or pixel.kind is 'as-hidden') → LRP-ε over the concatenation;
 *  - all 'relu'                                  → the hidden rule (LRP-αβ; z⁺ when α = 1, β = 0);
 *  - all 'pixel'                                 → z^β, w², or the hidden rule ('as-hidden');
 *  - 'pixel' + 'relu' with z^β                   → the thesis mixed rule (one shared denominator);
 *  - 'pixel' + 'relu' with 'as-hidden'           → the hidden rule over the concatenation;
 *  - 'pixel' + 'relu' with w²                    → an error (no such rule in the thesis).
 */
import type { InputKind, RuleSet } from './types';

/** The rule a layer runs. `error` names why the method cannot explain a layer of these kinds. */
export type RuleChoice =
  | { rule: 'alpha-beta' }
  | { rule: 'epsilon' }
  | { rule: 'z-beta' }
  | { rule: 'w-square' }
  /** z^β on the pixel blocks and the hidden αβ rule on the 'relu' blocks, in one shared denominator. */
  | { rule: 'mixed' }
  | { rule: 'error'; error: string };

/** The message linearRelevance throws for a w² pixel block beside 'relu' blocks. */
export const W_SQUARE_MIXED_ERROR = "the w² pixel rule cannot share a layer with 'relu' blocks (no such mixed rule); use pixel z-beta or as-hidden";

/**
 * The rule of one linear layer whose input blocks have these kinds (at least one).
 * @param kinds the layer's input block kinds, e.g. ['pixel', 'relu'] for Shallow's [x_t, r_{t−1}]
 * @param rules the method's rule set
 */
export function ruleChoice(kinds: readonly InputKind[], rules: Pick<RuleSet, 'hidden' | 'pixel'>): RuleChoice {
  if (kinds.length === 0) throw new Error('ruleChoice: a layer needs at least one input block');
  const hasPixel = kinds.includes('pixel');
  const hasRelu = kinds.includes('relu');
  const { hidden, pixel } = rules;
  if (hasPixel && hasRelu && pixel.kind === 'w-square' && hidden.kind !== 'epsilon') return { rule: 'error', error: W_SQUARE_MIXED_ERROR };
  // The pixel rule owns a layer with pixel blocks, unless it is 'as-hidden' or LRP-ε meets relu blocks
  // (then ε runs over the concatenation). With relu blocks, z^β becomes the thesis mixed rule.
  const usePixelRule = hasPixel && pixel.kind !== 'as-hidden' && !(hidden.kind === 'epsilon' && hasRelu);
  if (usePixelRule && pixel.kind === 'z-beta') return { rule: hasRelu ? 'mixed' : 'z-beta' };
  if (usePixelRule && pixel.kind === 'w-square') return { rule: 'w-square' };
  return { rule: hidden.kind === 'epsilon' ? 'epsilon' : 'alpha-beta' };
}
