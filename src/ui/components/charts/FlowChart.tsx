/**
 * Relevance through time (SVG, d3 scales): per step, what reaches it split into what it keeps on its
 * input, what it passes back through the state (and the Conv⁺ literal connections) and what is lost;
 * bands carry what a step passes back into the step before it, and the output into the last step, so
 * the relevance is seen flowing backwards through time (data: lib/flow-chart.ts).
 */
import { scaleBand, scaleLinear } from 'd3';
import { fmtSci } from '../../format';
import { FLOW_PART_LABELS, type FlowChartData, type FlowPart } from '../../lib/flow-chart';

const W = 300;
const H = 150;
const M = { top: 8, right: 6, bottom: 20, left: 44 };
const PARTS: FlowPart[] = ['kept', 'state', 'literal', 'lost'];

export function FlowChart({ data, title }: { data: FlowChartData; title: string }) {
  const { T } = data;
  const cols = Array.from({ length: T + 1 }, (_, k) => k + 1);
  const x = scaleBand<number>().domain(cols).range([M.left, W - M.right]).paddingInner(T > 8 ? 0.35 : 0.45).paddingOuter(0.1);
  const [lo, hi] = data.domain;
  // Not niced: a sliver of negative relevance would otherwise stretch the axis by a whole tick step.
  const y = scaleLinear().domain(lo === hi ? [0, 1] : [lo, hi]).range([H - M.bottom, M.top]);
  const bw = x.bandwidth();
  const left = (step: number) => x(step) ?? 0;
  const kept = data.rows.map((r) => r.kept);
  const passed = data.rows.map((r) => r.passedState + r.passedLiteral);
  return (
    <figure className="flow-fig">
      <ul className="flow-legend small" aria-hidden="true">
        {PARTS.filter((p) => p !== 'literal' || data.literal).map((p) => (
          <li key={p}>
            <span className={`flow-swatch flow-${p}`} />
            {FLOW_PART_LABELS[p]}
          </li>
        ))}
      </ul>
      <svg
        className="chart flow"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${title}: relevance through time. ${data.summary}`}
        data-testid="flow.chart"
        data-steps={T}
        data-kept={kept.join(',')}
        data-passed={passed.join(',')}
        data-output={data.output}
      >
        {y.ticks(4).map((v) => (
          <g key={v} transform={`translate(0, ${y(v)})`}>
            <line x1={M.left} x2={W - M.right} className={v === 0 ? 'zero' : 'grid'} />
            <text x={M.left - 4} dy="0.35em" textAnchor="end">
              {fmtSci(v)}
            </text>
          </g>
        ))}
        {data.bands.map((b) => {
          const x0 = left(b.from);
          const x1 = left(b.from - 1) + bw;
          const d = `M${x0},${y(b.src[1])} L${x1},${y(b.dst[1])} L${x1},${y(b.dst[0])} L${x0},${y(b.src[0])} Z`;
          return (
            <path key={b.from} d={d} className={b.from === T + 1 ? 'flow-band out' : 'flow-band'} data-testid="flow.band" data-from={b.from}>
              <title>{b.from === T + 1 ? `the output hands ${fmtSci(b.value)} to step ${T}` : `step ${b.from} passes ${fmtSci(b.value)} back to step ${b.from - 1}`}</title>
            </path>
          );
        })}
        {data.segments.map((g) => (
          <rect key={`${g.step}-${g.part}`} x={left(g.step)} width={bw} y={y(g.y1)} height={Math.max(0, y(g.y0) - y(g.y1))} className={`flow-${g.part}`}>
            <title>{g.part === 'output' ? `output relu(y_c): ${fmtSci(g.value)}` : `step ${g.step}, ${FLOW_PART_LABELS[g.part]}: ${fmtSci(g.value)}`}</title>
          </rect>
        ))}
        {cols.map((c) => (
          <text key={c} x={left(c) + bw / 2} y={H - 6} textAnchor="middle" className={c === T + 1 ? 'axis strong' : 'axis'}>
            {c === T + 1 ? 'out' : c}
          </text>
        ))}
      </svg>
      <figcaption className="small" data-testid="flow.summary">
        {data.summary}
      </figcaption>
    </figure>
  );
}
