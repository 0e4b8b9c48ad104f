/** Public API of the cells. */
export * from './types';
export * from './presets';
export { cellLayout, defaultLstmUnits, isLstmArch, HEIGHT, CLASSES } from './cellLayout';
export type { CellLayout, EncoderLayout, CoreLayout, HeadLayout } from './cellLayout';
export { paramSpecs, SOFTPLUS_BIAS_INIT } from './paramSpecs';
export { createCell, type BuiltCell } from './createCell';
export { cellFromPreset, type PresetTask } from './cellFromPreset';
export { initWeights, initialValue } from './initWeights';
export { countParams, t1StateRows, type ParamCount } from './countParams';
export { DEFAULT_ACTIVATIONS } from './forwardCell';
export { pool2x2, poolScale } from './ops/pool2x2';
export { conv2dSame } from './ops/conv2dSame';
