/**
 * The grid's method rows: method specs of the explainers' catalog (core/explain/methods-catalog.ts,
 * TF.js-free) with display labels. A spec is an id or id:preset ('lrp-alpha-beta:a2b1').
 */
import { METHOD_CATALOG, findMethod } from '../../core/explain/methods-catalog';
import { buildMethodSpec } from '../../core/explain/registry';
import type { MethodKind } from './score-text';

/** Every row the page offers, in display order. */
export const METHOD_SPECS = [
  'sensitivity',
  'guided-backprop',
  'gradient-x-input',
  'deep-taylor',
  'lrp-alpha-beta:a1.5b0.5',
  'lrp-alpha-beta:a2b1',
  'lrp-alpha-beta:a1b0',
  'lrp-epsilon',
] as const;

/** The rows shown by default: the thesis's methods plus gradient × input, LRP-α1.5β0.5 as in the thesis. */
export const DEFAULT_METHODS: readonly string[] = ['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta:a1.5b0.5'];

export interface MethodInfo {
  spec: string;
  /** Short label for the row header. */
  label: string;
  /** Full name and one-paragraph description (tooltips). */
  name: string;
  description: string;
  conserves: boolean;
}

const SHORT: Record<string, string> = {
  sensitivity: 'Sensitivity',
  'guided-backprop': 'Guided backprop',
  'gradient-x-input': 'Gradient × input',
  'deep-taylor': 'Deep Taylor',
  'lrp-epsilon': 'LRP-ε (ε = 0.01)',
};

/** Label and description of a spec; throws on a spec the catalog does not know. */
export function methodInfo(spec: string): MethodInfo {
  const [id, preset] = spec.split(':');
  const d = findMethod(id);
  if (!d) throw new Error(`unknown method "${id}"; valid ids: ${METHOD_CATALOG.map((m) => m.id).join(', ')}`);
  const p = preset === undefined ? null : d.presets.find((q) => q.id === preset);
  if (preset !== undefined && !p) throw new Error(`method "${id}" has no preset "${preset}"`);
  return { spec, label: p ? p.name : (SHORT[id] ?? d.name), name: p ? `${d.name} (${p.name})` : d.name, description: d.description, conserves: d.conserves };
}

export function isMethodSpec(spec: string): boolean {
  return (METHOD_SPECS as readonly string[]).includes(spec);
}

/** How a spec's relevance relates to the logit, from the registry's plan (see lib/score-text.ts). */
export function methodKind(spec: string): MethodKind {
  const { plan } = buildMethodSpec(spec);
  const lrp = plan.kind === 'lrp';
  return { family: plan.kind, conserves: methodInfo(spec).conserves, inLogitUnits: lrp || plan.output === 'times-input' };
}
