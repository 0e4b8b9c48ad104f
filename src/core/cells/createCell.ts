/**
 * Build a cell from its options: the layout (sizes), the parameter specs and the forward pass.
 * The options are checked here (a T that does not divide the width, an unknown arch… throw).
 */
import type * as tf from '../tf';
import type { Cell, CellOptions, ForwardOptions, ForwardResult, Weights } from './types';
import { cellLayout, defaultLstmUnits, type CellLayout } from './cellLayout';
import { paramSpecs } from './paramSpecs';
import { forwardCell, forwardLogits } from './forwardCell';

/** A cell as createCell builds it: the contract's Cell plus its layout and a trace-free forward. */
export interface BuiltCell extends Cell {
  /** Every layer size (see cellLayout). */
  readonly layout: CellLayout;
  /** The logits only [N, 10], without building the trace (faster; for training and accuracy). */
  logits(w: Weights, x: tf.Tensor3D, opts?: ForwardOptions): tf.Tensor2D;
}

export function createCell(options: CellOptions): BuiltCell {
  const units = defaultLstmUnits(options.arch) === undefined ? undefined : (options.lstmUnits ?? defaultLstmUnits(options.arch));
  const normalised: CellOptions = { ...options, lstmUnits: units };
  if (units === undefined) delete normalised.lstmUnits;
  const layout = cellLayout(normalised);
  const params = Object.freeze(paramSpecs(layout, normalised.bias));
  return {
    options: Object.freeze(normalised),
    c: layout.c,
    params,
    layout,
    forward: (w, x, opts): ForwardResult => forwardCell(normalised, layout, w, x, opts),
    logits: (w, x, opts) => forwardLogits(normalised, layout, w, x, opts),
  };
}
