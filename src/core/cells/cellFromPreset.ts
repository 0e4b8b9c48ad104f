/** Build the cell of a preset id (arch + dropout kind) for a task's T and width. */
import type { BiasMode } from './types';
import { getPreset } from './presets';
import { createCell, type BuiltCell } from './createCell';

export interface PresetTask {
  /** Number of steps; must divide `width`. */
  T: number;
  /** 28 (sequence task) or 84 (MAJ). */
  width: number;
  /** Default 'zero' (the thesis code's effective behaviour, §1.2). */
  bias?: BiasMode;
  /** Default 0.8 (every released model, §1.6). */
  keepProb?: number;
  /** R-LSTM width; defaults 72 / 96. */
  lstmUnits?: number;
}

/** e.g. cellFromPreset('r-lstm-sd', {T: 12, width: 84}). An unknown id throws with the valid ones. */
export function cellFromPreset(id: string, task: PresetTask): BuiltCell {
  const p = getPreset(id);
  return createCell({
    arch: p.arch,
    dropout: p.dropout,
    T: task.T,
    width: task.width,
    bias: task.bias ?? 'zero',
    keepProb: task.keepProb ?? 0.8,
    lstmUnits: task.lstmUnits,
  });
}
