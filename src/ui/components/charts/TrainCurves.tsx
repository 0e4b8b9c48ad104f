/**
 * Live training curves (d3 scales and line generator, SVG): loss on the left axis, running
 * accuracy on the right, against the step. The key sits in its own band above the plot (it never
 * covers a curve); a dotted line marks where an epoch begins (the running figures start afresh there).
 */
import { line, scaleLinear } from 'd3';
import type { CurvePoint } from '../../store';

const W = 420;
const H = 170;
/** The top margin holds the key. */
const M = { top: 26, right: 40, bottom: 26, left: 40 };

/** Steps at which a new epoch's points begin (between the last point of one epoch and the first of the next). */
export function epochStarts(points: readonly CurvePoint[]): { iteration: number; epoch: number }[] {
  const out: { iteration: number; epoch: number }[] = [];
  for (let i = 1; i < points.length; i++) {
    if (points[i].epoch !== points[i - 1].epoch) out.push({ iteration: (points[i - 1].iteration + points[i].iteration) / 2, epoch: points[i].epoch });
  }
  return out;
}

export function TrainCurves({ points }: { points: CurvePoint[] }) {
  const ok = points.filter((p) => Number.isFinite(p.loss) && Number.isFinite(p.accuracy));
  const maxIt = Math.max(1, ...ok.map((p) => p.iteration));
  const maxLoss = Math.max(0.5, ...ok.map((p) => p.loss));
  const x = scaleLinear().domain([0, maxIt]).nice(5).range([M.left, W - M.right]);
  const yl = scaleLinear().domain([0, maxLoss]).nice(4).range([H - M.bottom, M.top]);
  const ya = scaleLinear().domain([0, 1]).range([H - M.bottom, M.top]);
  const loss = line<CurvePoint>()
    .x((p) => x(p.iteration))
    .y((p) => yl(p.loss))(ok);
  const acc = line<CurvePoint>()
    .x((p) => x(p.iteration))
    .y((p) => ya(p.accuracy))(ok);
  const last = ok[ok.length - 1];
  const starts = epochStarts(ok);
  return (
    <svg
      className="chart curves"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={last ? `Training curves: step ${last.iteration}, epoch ${last.epoch}, loss ${last.loss.toFixed(3)}, running accuracy ${(100 * last.accuracy).toFixed(1)} %` : 'Training curves: no step yet'}
      data-testid="train.curves"
      data-points={ok.length}
    >
      <g className="key" transform={`translate(${M.left}, 9)`} data-testid="train.curves.key">
        <line x1={0} x2={14} y1={0} y2={0} className="line loss" />
        <text x={18} dy="0.35em" className="loss-t">
          loss (left)
        </text>
        <line x1={86} x2={100} y1={0} y2={0} className="line acc" />
        <text x={104} dy="0.35em" className="acc-t">
          running accuracy, dropout on (right)
        </text>
      </g>
      {yl.ticks(4).map((v) => (
        <g key={`l${v}`} transform={`translate(0, ${yl(v)})`}>
          <line x1={M.left} x2={W - M.right} className="grid" />
          <text x={M.left - 5} dy="0.35em" textAnchor="end" className="loss-t">
            {v}
          </text>
        </g>
      ))}
      {[0, 0.5, 1].map((v) => (
        <text key={`a${v}`} x={W - M.right + 5} y={ya(v)} dy="0.35em" className="acc-t">
          {Math.round(100 * v)}%
        </text>
      ))}
      {starts.map((s) => (
        <g key={`e${s.epoch}`} className="epoch-mark">
          <line x1={x(s.iteration)} x2={x(s.iteration)} y1={M.top} y2={H - M.bottom} />
          <text x={x(s.iteration) + 2} y={M.top + 8} className="axis">
            e{s.epoch}
          </text>
        </g>
      ))}
      {x.ticks(5).map((v) => (
        <text key={`x${v}`} x={x(v)} y={H - 12} textAnchor="middle" className="axis">
          {v}
        </text>
      ))}
      <text x={W - M.right} y={H - 1} textAnchor="end" className="axis">
        step
      </text>
      {loss && <path d={loss} className="line loss" />}
      {acc && <path d={acc} className="line acc" />}
      {!ok.length && (
        <text x={W / 2} y={(H + M.top - M.bottom) / 2} textAnchor="middle" className="muted">
          curves appear when training starts
        </text>
      )}
    </svg>
  );
}
