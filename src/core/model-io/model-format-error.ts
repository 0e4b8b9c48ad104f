/** The error every model-file check throws: what is wrong (`code`, message) and where (`where`). */

export type ModelErrorCode =
  | 'json-syntax'
  | 'not-object'
  | 'format'
  | 'version'
  | 'preset'
  | 'cell-options'
  | 'preset-mismatch'
  | 'training'
  | 'manifest'
  | 'weight-entry'
  | 'weight-duplicate'
  | 'weight-missing'
  | 'weight-extra'
  | 'weight-order'
  | 'weight-dtype'
  | 'weight-shape'
  | 'byte-length'
  | 'non-finite'
  | 'checkpoint';

export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
  constructor(
    readonly code: ModelErrorCode,
    /** The place in the files, e.g. `model.json: weightsManifest[0].weights[3]` or `weights.bin`. */
    readonly where: string,
    /** What is wrong, without the place. */
    readonly detail: string,
  ) {
    super(`${where}: ${detail}`);
  }

  /** The same error with its place prefixed (e.g. by the directory the files came from). */
  within(prefix: string): ModelFormatError {
    return new ModelFormatError(this.code, `${prefix}${this.where}`, this.detail);
  }
}
