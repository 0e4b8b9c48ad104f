/** The colour map's legend: the thesis's diverging map over [−1, 1] (or [0, 1] for positive only), per heatmap normalised by its max |R|. */
import { legendStops } from '../../lib/heatmap-image';

export function Legend({ positiveOnly }: { positiveOnly: boolean }) {
  const lo = positiveOnly ? 0 : -1;
  return (
    <figure className="legend" data-testid="grid.legend" aria-label="Colour legend">
      <div className="legend-bar" style={{ background: `linear-gradient(to right, ${legendStops(lo, 1).join(', ')})` }} />
      <figcaption>
        <span>{positiveOnly ? '0' : '−max |R|'}</span>
        {!positiveOnly && <span>0</span>}
        <span>+max |R|</span>
      </figcaption>
    </figure>
  );
}
