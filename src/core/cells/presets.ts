/**
 * The public cell ids: the eight base architectures with standard dropout, and the thesis's
 * stationary-dropout ("-SD") variants. A preset fixes arch + dropout; T and width come from the task.
 */
import type { ArchId, DropoutKind } from './types';

export interface Preset {
  id: PresetId;
  arch: ArchId;
  dropout: DropoutKind;
  /** Display name as in the thesis. */
  name: string;
  /** Is this one of the ten cells of the thesis's MAJ experiments? */
  thesis: boolean;
}

export const PRESET_IDS = [
  'shallow',
  'deep',
  'deep-v2',
  'conv-deep',
  'conv-plus-deep',
  'r-lstm',
  'conv-r-lstm',
  'conv-plus-r-lstm',
  'deep-sd',
  'r-lstm-sd',
  'conv-r-lstm-sd',
  'conv-plus-r-lstm-sd',
] as const;
export type PresetId = (typeof PRESET_IDS)[number];

const P = (id: PresetId, arch: ArchId, dropout: DropoutKind, name: string, thesis: boolean): Preset => ({
  id,
  arch,
  dropout,
  name,
  thesis,
});

export const PRESETS: Record<PresetId, Preset> = {
  shallow: P('shallow', 'shallow', 'standard', 'Shallow', true),
  deep: P('deep', 'deep', 'standard', 'Deep', true),
  'deep-v2': P('deep-v2', 'deep-v2', 'standard', 'DeepV2', true),
  'conv-deep': P('conv-deep', 'conv-deep', 'standard', 'ConvDeep', true),
  'conv-plus-deep': P('conv-plus-deep', 'conv-plus-deep', 'standard', 'Conv⁺Deep', true),
  'r-lstm': P('r-lstm', 'r-lstm', 'standard', 'R-LSTM', true),
  'conv-r-lstm': P('conv-r-lstm', 'conv-r-lstm', 'standard', 'ConvR-LSTM', false),
  'conv-plus-r-lstm': P('conv-plus-r-lstm', 'conv-plus-r-lstm', 'standard', 'Conv⁺R-LSTM', false),
  'deep-sd': P('deep-sd', 'deep', 'stationary', 'Deep-SD', true),
  'r-lstm-sd': P('r-lstm-sd', 'r-lstm', 'stationary', 'R-LSTM-SD', true),
  'conv-r-lstm-sd': P('conv-r-lstm-sd', 'conv-r-lstm', 'stationary', 'ConvR-LSTM-SD', true),
  'conv-plus-r-lstm-sd': P('conv-plus-r-lstm-sd', 'conv-plus-r-lstm', 'stationary', 'Conv⁺R-LSTM-SD', true),
};

/** The ten cells of the thesis's MAJ experiments, in the thesis's order. */
export const THESIS_CELLS: PresetId[] = PRESET_IDS.filter((id) => PRESETS[id].thesis);

/** Look up a preset; an unknown id throws with the list of valid ones. */
export function getPreset(id: string): Preset {
  const p = (PRESETS as Record<string, Preset | undefined>)[id];
  if (!p) throw new Error(`unknown cell id "${id}"; valid ids: ${PRESET_IDS.join(', ')}`);
  return p;
}
