/** Public API of training (docs/training.md). Pure: runs in Node, the CLI and a Web Worker. */
export * from './types';
export { crossEntropy11, countCorrect } from './loss';
export { ADAM_DEFAULTS, createAdam, adamSettings, type AdamSettings } from './adam';
export { epochOrder, permutation, sampleIndices, mixSeed } from './shuffle';
export { subsetSource, limitSource } from './subset';
export { trainStep, trainableVariables, cellLogits, type StepContext, type StepOutput } from './step';
export { evaluate, type Evaluation, type EvaluateOptions } from './evaluate';
export { train, type TrainOptions } from './train';
export { exportAdamState, importAdamState, adamSlotSpecs, type OptimizerState, type OptimizerSlot } from './optimizer-state';
export { yieldToEventLoop } from './yield';
