/** The relevance-rule library: rules as values and the functions that apply them (docs/rules.md). */
export type { InputKind, HiddenRule, PixelRule, RuleSet, DenseBlock, ConvBlock, RuleStats } from './types';
export { denseRelevance } from './denseRelevance';
export { convRelevance } from './convRelevance';
export { poolRelevance } from './poolRelevance';
export { lstmSplit } from './lstmSplit';
export { validateRuleSet } from './validateRuleSet';
export { ruleChoice, type RuleChoice } from './ruleChoice';
export {
  RULESETS,
  ruleSet,
  alphaBetaRules,
  deepTaylorRules,
  epsilonRules,
  thesisCodeVariant,
  THESIS_STABILIZER,
  THESIS_LSTM_STABILIZER,
  THESIS_Z_BETA,
  type RuleOptions,
  type RuleSetId,
} from './ruleSets';
