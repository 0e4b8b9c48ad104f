/**
 * The explanation engine. TF-free parts (the catalog and the registry) can be imported on their own
 * from './methods-catalog' and './registry' (the UI does); this index pulls in TF.js.
 */
export * from './methods-catalog';
export { buildMethod, buildMethodSpec, buildMethodList, THESIS_EVAL_SPECS, type BuiltMethod, type MethodPlan } from './registry';
export {
  explain,
  explainMany,
  assertCompatible,
  type ExplainOptions,
  type ExplainBatchOptions,
  type ExplainResult,
  type SequenceExplanation,
  type Conservation,
  type TargetSpec,
} from './explain';
export { propagate, startRelevance, type Relevance } from './propagate';
export { groupWeights } from './propagate/cell-weights';
export { gradientHeatmap, gradientRelevance, logitGradient, planGradient } from './methods/gradient';
export { guidedActivations, guidedRelu, constantSigmoid } from './methods/guided-activations';
export { heatmapRGB, heatmapScale } from './colormap';
