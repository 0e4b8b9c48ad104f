/**
 * The relevance per time step under a heatmap (the sequence task): one bar per step, aligned with the
 * step's columns of the heatmap above it (step 1 on the left), red for positive and blue for negative
 * Σ relevance, scaled to the cell's own largest |step|. Thesis Figure 4.4's finding, per cell: do the
 * bars pile up on the last steps (Shallow-4, 7) or follow the digit (Deep-4, 7)?
 */
import { memo } from 'react';
import { fmtSci } from '../../format';

const H = 20;

export const StepStrip = memo(function StepStrip({ perStep, total }: { perStep: number[]; total: number }) {
  const T = perStep.length;
  const lo = Math.min(0, ...perStep);
  const hi = Math.max(0, ...perStep);
  const span = hi - lo || 1;
  const y = (v: number) => ((hi - v) / span) * H;
  const share = (v: number) => (total !== 0 ? ` (${Math.round((100 * v) / total)} % of the total)` : '');
  return (
    <svg
      className="step-strip"
      viewBox={`0 0 ${T} ${H}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`Relevance per time step, step 1 to ${T}: ${perStep.map(fmtSci).join(', ')}`}
      data-testid="grid.steps"
      data-steps={T}
      data-values={perStep.join(',')}
    >
      <line x1={0} x2={T} y1={y(0)} y2={y(0)} className="zero" vectorEffect="non-scaling-stroke" />
      {perStep.map((v, t) => (
        <rect key={t} x={t + (T > 1 ? 0.12 : 0.3)} width={T > 1 ? 0.76 : 0.4} y={Math.min(y(v), y(0))} height={Math.abs(y(v) - y(0))} className={v >= 0 ? 'pos' : 'neg'}>
          <title>{`step ${t + 1}: ${fmtSci(v)}${share(v)}`}</title>
        </rect>
      ))}
    </svg>
  );
});
