/**
 * The architecture comparison chart (after the thesis's Figure 4.12): method groups on x, one bar
 * per cell within each group (the legend's order), bar = mean cosine to the majority mask, the
 * vertical line its 95% interval; y is the cosine from 0 to 1. d3 scales, SVG drawn by React at the
 * measured width (text stays at its CSS size on any screen).
 *
 * Keyboard: the bars are one tab stop (roving tabindex); ←/→ (or ↑/↓) move between bars, Home/End
 * jump, Enter or Space opens the focused bar in the grid, as a click does.
 */
import { scaleBand, scaleLinear } from 'd3';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { DATASET_LABELS, fmtInt, fmtNum } from '../../format';
import type { ComparisonBar, ComparisonChart as Chart, ComparisonCell } from '../../lib/comparison';

interface Props {
  chart: Chart;
  /** The cell whose bars are highlighted (hover on a bar or a legend item), or null. */
  hot: string | null;
  onHot(preset: string | null): void;
  /** A bar was focused or hovered (null: none), for the readout. */
  onShow(bar: ComparisonBar | null): void;
  onOpen(bar: ComparisonBar): void;
}

const M = { top: 14, right: 10, bottom: 40, left: 54 };

/** One sentence with every number of a bar (its title and accessible name). */
export function barSentence(bar: ComparisonBar, cell: ComparisonCell | undefined, group: string, dataset: Chart['dataset']): string {
  const c = bar.cosine;
  const ci = c.lo !== null && c.hi !== null ? `, 95 % interval ${fmtNum(c.lo)} to ${fmtNum(c.hi)}` : '';
  const n = c.n !== null ? `, n = ${fmtInt(c.n)} ${DATASET_LABELS[dataset]} ${cell?.split ?? 'test'} sequences` : '';
  return `${cell?.name ?? bar.preset}, ${group}: mean cosine ${fmtNum(c.mean)}${ci}${n}`;
}

export function ComparisonChart({ chart, hot, onHot, onShow, onOpen }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const bars = useRef<(SVGGElement | null)[]>([]);
  const [width, setWidth] = useState(900);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(320, Math.floor(el.clientWidth)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const nBars = chart.bars.length;
  useEffect(() => {
    if (active >= nBars) setActive(0);
  }, [active, nBars]);

  const W = width;
  const H = Math.round(Math.min(400, Math.max(260, W * 0.4)));
  const x0 = scaleBand<number>()
    .domain(chart.groups.map((_, g) => g))
    .range([M.left, W - M.right])
    .paddingInner(0.16)
    .paddingOuter(0.05);
  // A group is as wide as its bars need (at most 46 px a bar, centred): few cells do not make slabs.
  const inner = Math.min(x0.bandwidth(), chart.cells.length * 46);
  const x1 = scaleBand<string>()
    .domain(chart.cells.map((c) => c.preset))
    .range([(x0.bandwidth() - inner) / 2, (x0.bandwidth() + inner) / 2])
    .paddingInner(chart.cells.length > 6 ? 0.08 : 0.14);
  const y = scaleLinear().domain([0, 1]).range([H - M.bottom, M.top]);
  const cellOf = new Map(chart.cells.map((c) => [c.preset, c]));
  const bw = x1.bandwidth();
  const cap = Math.min(7, bw * 0.35);

  const focusBar = (i: number) => {
    const k = Math.max(0, Math.min(nBars - 1, i));
    setActive(k);
    bars.current[k]?.focus();
  };
  const onKey = (e: KeyboardEvent, i: number, bar: ComparisonBar) => {
    const to = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: nBars - 1 }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      focusBar(to);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(bar);
    }
  };

  return (
    <div className="cmp-chart-box" ref={box}>
      <svg
        className="chart cmp-chart"
        width={W}
        height={H}
        viewBox={`0 0 ${W} ${H}`}
        role="group"
        aria-label={`Mean cosine to the majority mask per method and cell, ${DATASET_LABELS[chart.dataset]}: ${chart.cells.length} cells, ${nBars} bars`}
        data-testid="compare.chart"
        data-dataset={chart.dataset}
      >
        {y.ticks(5).map((v) => (
          <g key={v} transform={`translate(0, ${y(v)})`} aria-hidden="true">
            <line x1={M.left} x2={W - M.right} className={v === 0 ? 'zero' : 'grid'} />
            <text x={M.left - 8} dy="0.35em" textAnchor="end" className="tick">
              {v.toFixed(1)}
            </text>
          </g>
        ))}
        <text transform={`translate(14, ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="axis-title" aria-hidden="true">
          mean cosine to the mask
        </text>
        {chart.groups.map((g, gi) => (
          <text key={g.spec} x={(x0(gi) ?? 0) + x0.bandwidth() / 2} y={H - M.bottom + 22} textAnchor="middle" className="group-label" aria-hidden="true">
            {g.short}
          </text>
        ))}
        {chart.bars.map((bar, i) => {
          const cell = cellOf.get(bar.preset);
          const x = (x0(bar.group) ?? 0) + (x1(bar.preset) ?? 0);
          const { mean, lo, hi } = bar.cosine;
          const sentence = barSentence(bar, cell, chart.groups[bar.group].short, chart.dataset);
          const dim = hot !== null && hot !== bar.preset;
          return (
            <g
              key={`${bar.spec}|${bar.preset}`}
              ref={(el) => {
                bars.current[i] = el;
              }}
              className={`cmp-bar${dim ? ' dim' : ''}`}
              role="button"
              tabIndex={i === active ? 0 : -1}
              aria-label={`${sentence}. Open in the grid.`}
              data-testid="compare.bar"
              data-preset={bar.preset}
              data-method={bar.spec}
              data-entry={bar.entryId}
              data-mean={mean ?? ''}
              onClick={() => {
                setActive(i);
                onOpen(bar);
              }}
              onKeyDown={(e) => onKey(e, i, bar)}
              onFocus={() => {
                setActive(i);
                onShow(bar);
                onHot(bar.preset);
              }}
              onBlur={() => {
                onShow(null);
                onHot(null);
              }}
              onPointerEnter={() => {
                onShow(bar);
                onHot(bar.preset);
              }}
              onPointerLeave={() => {
                onShow(null);
                onHot(null);
              }}
            >
              <title>{sentence}</title>
              {/* the whole column is the target: short bars stay easy to hit */}
              <rect x={x} width={bw} y={M.top} height={H - M.top - M.bottom} className="hit" />
              {mean !== null ? (
                <rect x={x} width={bw} y={y(Math.max(0, mean))} height={Math.max(0, y(0) - y(Math.max(0, mean)))} className="fill" style={{ fill: cell?.color }} />
              ) : (
                <text x={x + bw / 2} y={y(0) - 4} textAnchor="middle" className="na">
                  n/a
                </text>
              )}
              {lo !== null && hi !== null && (
                <g className="ci">
                  <line x1={x + bw / 2} x2={x + bw / 2} y1={y(lo)} y2={y(hi)} />
                  <line x1={x + bw / 2 - cap} x2={x + bw / 2 + cap} y1={y(lo)} y2={y(lo)} />
                  <line x1={x + bw / 2 - cap} x2={x + bw / 2 + cap} y1={y(hi)} y2={y(hi)} />
                </g>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
