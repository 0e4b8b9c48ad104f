/**
 * Region perturbation curves (d3 scales and line generator, SVG): the explained logit against the
 * number of patches removed, one line per method (most relevant patches first), the random order's
 * mean dashed with the random orders' range as a band. Hovering or the arrow keys pick a step `at`
 * (the parent shows every line's value there). Data: lib/perturbation-chart.ts.
 */
import { line, scaleLinear } from 'd3';
import type { KeyboardEvent } from 'react';
import { fmtSci } from '../../format';
import type { CurveChartData } from '../../lib/perturbation-chart';

interface Props {
  data: CurveChartData;
  /** The step picked (cursor), or null. */
  at: number | null;
  onAt(k: number | null): void;
  /** e.g. "class 7": what the logit is of. */
  target: string;
  /** Patch side, for the x axis title. */
  patch: number;
}

const W = 560;
const H = 215;
const M = { top: 8, right: 14, bottom: 32, left: 50 };

export function PerturbationChart({ data, target, patch, at, onAt: setAt }: Props) {
  const x = scaleLinear().domain([0, data.steps]).range([M.left, W - M.right]);
  const y = scaleLinear().domain(data.y).nice(5).range([H - M.bottom, M.top]);
  const path = (values: number[]) => line<number>().x((_, k) => x(k)).y((v) => y(v))(values) ?? '';
  const band = data.band
    ? `${data.band.hi.map((v, k) => `${k ? 'L' : 'M'}${x(k)},${y(v)}`).join('')}${data.band.lo.map((_, k, lo) => `L${x(lo.length - 1 - k)},${y(lo[lo.length - 1 - k])}`).join('')}Z`
    : null;
  const pick = (clientX: number, el: SVGSVGElement) => {
    const r = el.getBoundingClientRect();
    const vx = ((clientX - r.left) / r.width) * W;
    setAt(Math.max(0, Math.min(data.steps, Math.round(x.invert(vx)))));
  };
  const onKey = (e: KeyboardEvent) => {
    const next = { ArrowRight: (at ?? -1) + 1, ArrowLeft: (at ?? 1) - 1, Home: 0, End: data.steps }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    setAt(Math.max(0, Math.min(data.steps, next)));
  };
  const methods = data.series.filter((s) => s.id !== 'random');
  const summary = `Region perturbation: the logit of ${target} as ${data.steps} patches are removed; ${[...methods].map((s) => `${s.label} AOPC ${fmtSci(s.aopc)}`).join(', ')}; random order AOPC ${fmtSci(data.series[data.series.length - 1].aopc)}`;
  return (
    <div className="pcurve">
      <svg
        className="chart pcurve-chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={summary}
        tabIndex={0}
        data-testid="faith.curve"
        data-lines={data.series.length}
        onPointerMove={(e) => pick(e.clientX, e.currentTarget)}
        onPointerLeave={() => setAt(null)}
        onKeyDown={onKey}
        onBlur={() => setAt(null)}
      >
        {y.ticks(5).map((v) => (
          <g key={v} transform={`translate(0, ${y(v)})`}>
            <line x1={M.left} x2={W - M.right} className={v === 0 ? 'zero' : 'grid'} />
            <text x={M.left - 6} dy="0.35em" textAnchor="end" className="axis">
              {fmtSci(v)}
            </text>
          </g>
        ))}
        {x.ticks(Math.min(10, data.steps)).map((v) => (
          <text key={v} x={x(v)} y={H - M.bottom + 14} textAnchor="middle" className="axis">
            {v}
          </text>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle" className="axis">
          {patch} × {patch} patches removed, most relevant first
        </text>
        <text transform={`translate(12, ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="axis">
          logit of {target}
        </text>
        {band && <path d={band} className="rand-band" />}
        {data.series.map((s) => (
          <path
            key={s.id}
            d={path(s.values)}
            className={`pline${s.dashed ? ' dashed' : ''}${s.highlight ? ' hl' : ''}`}
            style={{ stroke: s.colour }}
            data-testid="faith.curve.line"
            data-id={s.id}
            data-aopc={s.aopc}
            data-points={s.values.length}
          />
        ))}
        {at !== null && <line x1={x(at)} x2={x(at)} y1={M.top} y2={H - M.bottom} className="pcursor" />}
        {at !== null &&
          data.series.map((s) => <circle key={s.id} cx={x(at)} cy={y(s.values[at])} r={s.highlight ? 3.5 : 2.5} style={{ fill: s.colour }} />)}
      </svg>
    </div>
  );
}

/** A short line in a series' colour and dash (a key beside text; the text itself stays dark for contrast). */
export function LineSwatch({ colour, dashed }: { colour: string; dashed: boolean }) {
  return (
    <svg className="line-swatch" viewBox="0 0 20 8" aria-hidden="true">
      <line x1={1} x2={19} y1={4} y2={4} style={{ stroke: colour }} strokeDasharray={dashed ? '4 3' : undefined} />
    </svg>
  );
}
