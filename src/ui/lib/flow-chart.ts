/**
 * The relevance-through-time chart's data (pure): from an explanation's flow (core/metrics/relevanceFlow.ts)
 * the stacked bar segments per step, the bands that carry what a step passes back to the step before
 * (and from the output into the last step), the table rows and a one-sentence summary.
 *
 * Stacking: per step, the positive parts stack up from 0 and the negative parts down from 0, in the
 * order kept, passed back through the state, through the Conv⁺ literal connections, lost. The output
 * relu(y_c) is a column of its own right of step T.
 */
import type { RelevanceFlow } from '../../core/metrics/relevanceFlow';

export type FlowPart = 'kept' | 'state' | 'literal' | 'lost' | 'output';

export const FLOW_PART_LABELS: Readonly<Record<FlowPart, string>> = {
  kept: 'kept on the step’s input',
  state: 'passed back through the state',
  literal: 'passed back through the literal connections',
  lost: 'lost at the step',
  output: 'the output relu(y_c)',
};

/** One bar segment: step 1…T, or T + 1 for the output; y0 < y1 in units of relevance. */
export interface FlowSegment {
  step: number;
  part: FlowPart;
  value: number;
  y0: number;
  y1: number;
}

/** What flows from step `from` (T + 1: the output) back into step `from − 1`: the span it leaves and the span it reaches. */
export interface FlowBand {
  from: number;
  value: number;
  src: [number, number];
  dst: [number, number];
}

export interface FlowRow {
  step: number;
  arrives: number;
  kept: number;
  passedState: number;
  passedLiteral: number;
  lost: number;
}

export interface FlowChartData {
  T: number;
  /** Whether the cell has literal connections (a column of the table and a legend entry). */
  literal: boolean;
  output: number;
  segments: FlowSegment[];
  bands: FlowBand[];
  /** The y extent of every segment, 0 included. */
  domain: [number, number];
  rows: FlowRow[];
  /** One sentence on where the output's relevance ends up. */
  summary: string;
}

const pct = (v: number, of: number) => `${(100 * (v / of)).toFixed(Math.abs(v / of) < 0.1 ? 1 : 0)} %`;

/** Stacks the parts of one column, positives up and negatives down from 0. */
function stack(step: number, parts: [FlowPart, number][]): FlowSegment[] {
  let up = 0;
  let down = 0;
  const out: FlowSegment[] = [];
  for (const [part, value] of parts) {
    if (value === 0) continue;
    if (value > 0) {
      out.push({ step, part, value, y0: up, y1: up + value });
      up += value;
    } else {
      out.push({ step, part, value, y0: down + value, y1: down });
      down += value;
    }
  }
  return out;
}

export function flowChartData(flow: RelevanceFlow): FlowChartData {
  const T = flow.steps.length;
  const segments: FlowSegment[] = [];
  for (const s of flow.steps) {
    const parts: [FlowPart, number][] = [
      ['kept', s.kept],
      ['state', s.passedState],
      ['literal', s.passedLiteral],
      ['lost', s.lost],
    ];
    segments.push(...stack(s.step, parts));
  }
  segments.push(...stack(T + 1, [['output', flow.output]]));
  const top = (step: number) => Math.max(0, ...segments.filter((g) => g.step === step).map((g) => g.y1));
  const bands: FlowBand[] = [];
  // Output → step T: everything the head hands on.
  if (flow.output > 0 && top(T) > 0) bands.push({ from: T + 1, value: flow.steps[T - 1].arrives, src: [0, flow.output], dst: [0, top(T)] });
  // Step t → step t − 1: the positive passed-back parts of step t reach the bar of step t − 1.
  for (const s of flow.steps.slice(1)) {
    const passed = segments.filter((g) => g.step === s.step && (g.part === 'state' || g.part === 'literal') && g.value > 0);
    if (!passed.length || top(s.step - 1) <= 0) continue;
    bands.push({ from: s.step, value: s.passedState + s.passedLiteral, src: [passed[0].y0, passed[passed.length - 1].y1], dst: [0, top(s.step - 1)] });
  }
  const ys = segments.flatMap((g) => [g.y0, g.y1]);
  const domain: [number, number] = [Math.min(0, ...ys), Math.max(0, ...ys)];
  return {
    T,
    literal: flow.literal,
    output: flow.output,
    segments,
    bands,
    domain,
    rows: flow.steps.map(({ step, arrives, kept, passedState, passedLiteral, lost }) => ({ step, arrives, kept, passedState, passedLiteral, lost })),
    summary: flowSummary(flow),
  };
}

/** Where the output's relevance ends up, in one sentence (shares of relu(y_c)). */
export function flowSummary(flow: RelevanceFlow): string {
  const T = flow.steps.length;
  const out = flow.output;
  if (!(out > 0)) return 'The explained class’s output is ≤ 0: no relevance flows.';
  const lost = flow.headLost + flow.steps.reduce((a, s) => a + s.lost, 0);
  const lostText = Math.abs(lost) < 1e-3 * out ? 'nothing is lost on the way' : lost > 0 ? `${pct(lost, out)} is lost on the way` : `${pct(-lost, out)} more is created on the way`;
  const last = flow.steps[T - 1];
  if (T === 1) return `One step: ${pct(last.kept, out)} of the output lands on the image; ${lostText}.`;
  const earlier = flow.steps.slice(0, -1).reduce((a, s) => a + s.kept, 0);
  const first = flow.steps[0].kept;
  return `The last step (${T}) keeps ${pct(last.kept, out)} of the output and passes ${pct(last.passedState + last.passedLiteral, out)} back; steps 1–${T - 1} keep ${pct(earlier, out)} (step 1: ${pct(first, out)}); ${lostText}.`;
}
