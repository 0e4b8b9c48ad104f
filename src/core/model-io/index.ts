/** Public API of the model file format (docs/model-format.md). Pure: Node and the browser alike. */
export * from './format';
export { ModelFormatError, type ModelErrorCode } from './model-format-error';
export { serializeModel, stringifyCompact, type ModelToSave, type SerializedModel } from './serialize-model';
export { parseModel, parseModelWith, type ParsedModel, type CellFactory } from './parse-model';
export { createVariables, readWeightValues, assignWeightValues } from './variables';
export {
  serializeCheckpoint,
  parseCheckpoint,
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  CHECKPOINT_JSON_FILE,
  OPTIMIZER_FILE,
  type Checkpoint,
} from './checkpoint';
export { corruptionCorpus, type CorruptionCase } from './corruption-corpus';
export { packFloat32LE, readFloat32LE } from './float32le';
