/** Relevance per time step (Σ over the step's 28 × c pixels, signed) as bars, the majority blocks shaded (d3 scales, SVG). */
import { scaleBand, scaleLinear } from 'd3';
import { fmtSci } from '../../format';

interface Props {
  perStep: number[];
  /** One flag per 28-column block, or null. */
  mask: number[] | null;
  title: string;
}

const W = 300;
const H = 130;
const M = { top: 8, right: 8, bottom: 22, left: 48 };

export function StepChart({ perStep, mask, title }: Props) {
  const T = perStep.length;
  const x = scaleBand<number>().domain(perStep.map((_, t) => t)).range([M.left, W - M.right]).padding(0.15);
  const lo = Math.min(0, ...perStep);
  const hi = Math.max(0, ...perStep);
  const y = scaleLinear().domain(lo === hi ? [0, 1] : [lo, hi]).nice(4).range([H - M.bottom, M.top]);
  const perBlock = mask ? T / mask.length : T;
  const step = (x.step() * perBlock) as number;
  return (
    <svg className="chart steps" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: relevance per time step`} data-testid="details.steps" data-steps={T}>
      {mask?.map((m, b) =>
        m ? <rect key={b} x={(x(b * perBlock) ?? 0) - (x.step() * x.paddingInner()) / 2} y={M.top} width={step} height={H - M.top - M.bottom} className="maj-band" /> : null,
      )}
      {y.ticks(4).map((v) => (
        <g key={v} transform={`translate(0, ${y(v)})`}>
          <line x1={M.left} x2={W - M.right} className={v === 0 ? 'zero' : 'grid'} />
          <text x={M.left - 5} dy="0.35em" textAnchor="end">
            {fmtSci(v)}
          </text>
        </g>
      ))}
      {perStep.map((v, t) => (
        <rect key={t} x={x(t)} width={x.bandwidth()} y={y(Math.max(0, v))} height={Math.abs(y(v) - y(0))} className={v >= 0 ? 'bar pos' : 'bar neg'}>
          <title>{`step ${t + 1}: ${fmtSci(v)}`}</title>
        </rect>
      ))}
      {perStep.map((_, t) => (
        <text key={t} x={(x(t) ?? 0) + x.bandwidth() / 2} y={H - 8} textAnchor="middle" className="axis">
          {t + 1}
        </text>
      ))}
    </svg>
  );
}
