/** Live training curves (d3 scales and line generator, SVG): loss on the left axis, accuracy on the right, against the step. */
import { line, scaleLinear } from 'd3';
import type { CurvePoint } from '../../store';

const W = 420;
const H = 150;
const M = { top: 10, right: 40, bottom: 24, left: 40 };

export function TrainCurves({ points }: { points: CurvePoint[] }) {
  const maxIt = Math.max(1, ...points.map((p) => p.iteration));
  const maxLoss = Math.max(0.5, ...points.map((p) => (Number.isFinite(p.loss) ? p.loss : 0)));
  const x = scaleLinear().domain([0, maxIt]).nice(5).range([M.left, W - M.right]);
  const yl = scaleLinear().domain([0, maxLoss]).nice(4).range([H - M.bottom, M.top]);
  const ya = scaleLinear().domain([0, 1]).range([H - M.bottom, M.top]);
  const ok = points.filter((p) => Number.isFinite(p.loss) && Number.isFinite(p.accuracy));
  const loss = line<CurvePoint>()
    .x((p) => x(p.iteration))
    .y((p) => yl(p.loss))(ok);
  const acc = line<CurvePoint>()
    .x((p) => x(p.iteration))
    .y((p) => ya(p.accuracy))(ok);
  const last = ok[ok.length - 1];
  return (
    <svg
      className="chart curves"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={last ? `Training curves: step ${last.iteration}, loss ${last.loss.toFixed(3)}, accuracy ${(100 * last.accuracy).toFixed(1)} %` : 'Training curves: no step yet'}
      data-testid="train.curves"
      data-points={ok.length}
    >
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
      {x.ticks(5).map((v) => (
        <text key={`x${v}`} x={x(v)} y={H - 6} textAnchor="middle" className="axis">
          {v}
        </text>
      ))}
      {loss && <path d={loss} className="line loss" />}
      {acc && <path d={acc} className="line acc" />}
      <g className="key" transform={`translate(${M.left + 6}, ${M.top + 4})`}>
        <line x1={0} x2={14} y1={0} y2={0} className="line loss" />
        <text x={18} dy="0.35em">
          loss
        </text>
        <line x1={58} x2={72} y1={0} y2={0} className="line acc" />
        <text x={76} dy="0.35em">
          accuracy (running, dropout on)
        </text>
      </g>
      {!ok.length && (
        <text x={W / 2} y={H / 2} textAnchor="middle" className="muted">
          curves appear when training starts
        </text>
      )}
    </svg>
  );
}
