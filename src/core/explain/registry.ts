/**
 * The method registry: turns a method id (or spec string) and parameters into a validated, plain-data
 * `BuiltMethod` that the executors in ./methods/ run. Preconditions (known id, known parameters, types,
 * ranges, α − β = 1) are checked here, when a method is built, never deep inside propagation
 * (iNNvestigate's habit). No TF.js here: the UI and the CLI share it.
 */
import type { RuleSet, PixelRule } from './rules/types';
import { alphaBetaRules, deepTaylorRules, epsilonRules, THESIS_Z_BETA } from './rules/ruleSets';
import {
  METHOD_CATALOG,
  METHOD_IDS,
  findMethod,
  type MethodDescriptor,
  type MethodId,
  type ParamValue,
  type ParamValues,
} from './methods-catalog';

/** What an executor needs to know: gradient methods and LRP methods with their rule set. */
export type MethodPlan =
  | {
      kind: 'gradient';
      /** 'square': R = g² (sensitivity, guided backprop); 'times-input': R = x·g (gradient × input). */
      output: 'square' | 'times-input';
      /** Guided ReLU backward (thesis eq. 3.29); `sigmoid` says what the gates pass back. Null: plain gradient. */
      guided: null | { sigmoid: 'none' | 'plain' };
    }
  | { kind: 'lrp'; rules: RuleSet };

/** A validated method: its id, a display label, every parameter resolved, and the plan to run. */
export interface BuiltMethod {
  id: MethodId;
  /** e.g. "LRP-α1.5β0.5", "Deep Taylor decomposition". */
  label: string;
  params: ParamValues;
  plan: MethodPlan;
}

/** Tolerance of the α − β = 1 check (parameters typed as decimals, e.g. 1.2 − 0.2). */
const AB_TOL = 1e-9;

function resolveParams(d: MethodDescriptor, given: Record<string, unknown>): ParamValues {
  const out: ParamValues = {};
  const names = d.params.map((p) => p.name);
  for (const k of Object.keys(given)) {
    if (given[k] === undefined) continue;
    if (!names.includes(k)) {
      throw new Error(
        `method "${d.id}" has no parameter "${k}"; ` + (names.length ? `its parameters: ${names.join(', ')}` : 'it takes no parameters'),
      );
    }
  }
  for (const p of d.params) {
    const v = given[p.name];
    if (v === undefined) {
      out[p.name] = p.default;
      continue;
    }
    if (p.type === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${d.id}: parameter "${p.name}" must be a finite number, got ${String(v)}`);
      if (v < p.min || v > p.max) throw new Error(`${d.id}: parameter "${p.name}" must lie in [${p.min}, ${p.max}], got ${v}`);
    } else if (p.type === 'boolean') {
      if (typeof v !== 'boolean') throw new Error(`${d.id}: parameter "${p.name}" must be true or false, got ${String(v)}`);
    } else if (typeof v !== 'string' || !p.choices.includes(v)) {
      throw new Error(`${d.id}: parameter "${p.name}" must be one of ${p.choices.join(', ')}, got ${String(v)}`);
    }
    out[p.name] = v as ParamValue;
  }
  return out;
}

function pixel(name: string): PixelRule {
  if (name === 'z-beta') return THESIS_Z_BETA;
  if (name === 'w-square') return { kind: 'w-square' };
  return { kind: 'as-hidden' };
}

const fmt = (v: number) => String(Number(v.toPrecision(6)));

/**
 * Build a method from its id and parameters (missing ones take their defaults).
 * For lrp-alpha-beta, giving only one of α, β derives the other from α − β = 1.
 * Throws on an unknown id (listing the valid ids), an unknown parameter, a bad type or range, α − β ≠ 1.
 */
export function buildMethod(id: string, params: Record<string, unknown> = {}): BuiltMethod {
  const d = findMethod(id);
  if (!d) throw new Error(`unknown method "${id}"; valid ids: ${METHOD_IDS.join(', ')}`);
  let given = params;
  if (d.id === 'lrp-alpha-beta') {
    const a = params.alpha, b = params.beta;
    if (typeof a === 'number' && b === undefined) given = { ...params, beta: a - 1 };
    else if (typeof b === 'number' && a === undefined) given = { ...params, alpha: b + 1 };
  }
  const p = resolveParams(d, given);
  // The rule library's factories (rules/ruleSets.ts) build and validate the rule sets.
  const options = () => ({
    pixel: pixel(p.pixelRule as string),
    literal: p.literal as RuleSet['literal'],
    stabilizer: p.stabilizer as number,
    lstmStabilizer: p.lstmStabilizer as number,
  });
  switch (d.id) {
    case 'sensitivity':
      return { id: d.id, label: d.name, params: p, plan: { kind: 'gradient', output: 'square', guided: null } };
    case 'gradient-x-input':
      return { id: d.id, label: d.name, params: p, plan: { kind: 'gradient', output: 'times-input', guided: null } };
    case 'guided-backprop':
      return {
        id: d.id,
        label: p.sigmoid === 'plain' ? `${d.name} (σ gradient)` : d.name,
        params: p,
        plan: { kind: 'gradient', output: 'square', guided: { sigmoid: p.sigmoid as 'none' | 'plain' } },
      };
    case 'deep-taylor':
      return {
        id: d.id,
        label: p.pixelRule === 'w-square' ? `${d.name} (w²)` : d.name,
        params: p,
        plan: { kind: 'lrp', rules: deepTaylorRules(options()) },
      };
    case 'lrp-alpha-beta': {
      const alpha = p.alpha as number, beta = p.beta as number;
      if (Math.abs(alpha - beta - 1) > AB_TOL) {
        throw new Error(`lrp-alpha-beta needs α − β = 1, got α = ${alpha}, β = ${beta} (α − β = ${fmt(alpha - beta)})`);
      }
      return {
        id: d.id,
        label: `LRP-α${fmt(alpha)}β${fmt(beta)}`,
        params: p,
        plan: { kind: 'lrp', rules: alphaBetaRules(alpha, beta, { ...options(), conservative: p.conservative as boolean }) },
      };
    }
    case 'lrp-epsilon':
      return {
        id: d.id,
        label: `LRP-ε${fmt(p.epsilon as number)}`,
        params: p,
        plan: { kind: 'lrp', rules: epsilonRules(p.epsilon as number, options()) },
      };
  }
}

/**
 * Build a method from a spec string: `id` (defaults) or `id:preset` (e.g. `lrp-alpha-beta:a2b1`).
 * Extra parameters override the preset's.
 */
export function buildMethodSpec(spec: string, params: Record<string, unknown> = {}): BuiltMethod {
  const [id, preset, ...rest] = spec.trim().split(':');
  if (rest.length) throw new Error(`bad method spec "${spec}": expected id or id:preset`);
  if (preset === undefined) return buildMethod(id, params);
  const d = findMethod(id);
  if (!d) throw new Error(`unknown method "${id}"; valid ids: ${METHOD_IDS.join(', ')}`);
  const p = d.presets.find((q) => q.id === preset);
  if (!p) {
    const valid = d.presets.map((q) => `${id}:${q.id}`);
    throw new Error(`method "${id}" has no preset "${preset}"` + (valid.length ? `; valid: ${valid.join(', ')}` : '; it has no presets'));
  }
  const m = buildMethod(id, { ...p.params, ...params });
  return { ...m, label: p.name };
}

/** The methods of the thesis's evaluation (config.METHODS, §7.1): SA, GB, DTD, LRP-α1.5β0.5. */
export const THESIS_EVAL_SPECS = ['sensitivity', 'guided-backprop', 'deep-taylor', 'lrp-alpha-beta'] as const;

/**
 * The spec strings of a comma-separated list: 'all' = every method id, 'thesis' = THESIS_EVAL_SPECS,
 * duplicates kept once, in order. Not checked (buildMethodList checks them).
 */
export function expandMethodSpecs(list: string): string[] {
  const specs = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((s) => (s === 'all' ? [...METHOD_IDS] : s === 'thesis' ? [...THESIS_EVAL_SPECS] : [s]));
  if (!specs.length) throw new Error(`empty method list; valid ids: ${METHOD_IDS.join(', ')}`);
  return [...new Set(specs)];
}

/**
 * Parse a comma-separated list of method specs; 'all' = every method with its defaults,
 * 'thesis' = THESIS_EVAL_SPECS. Duplicates are kept once.
 */
export function buildMethodList(list: string): BuiltMethod[] {
  return expandMethodSpecs(list).map((s) => buildMethodSpec(s));
}

export { METHOD_CATALOG, METHOD_IDS };
export type { MethodId };
