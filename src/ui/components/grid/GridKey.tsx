/**
 * The grid's key in plain words, always above the heatmaps: the colour map, the block bars, the cosine and
 * the total (precise definitions in the tooltips); in the sequence task the time-step bars instead of the
 * block bars and the cosine.
 */
import { Legend } from './Legend';

export function GridKey({ positiveOnly, seqTask = false }: { positiveOnly: boolean; seqTask?: boolean }) {
  return (
    <div className="grid-key" data-testid="grid.key" aria-label="How to read a cell" role="group">
      <div className="key-item key-colour">
        <Legend positiveOnly={positiveOnly} />
        <span className="key-text">{positiveOnly ? 'red: for the class' : 'red: for the class, blue: against'}</span>
      </div>
      {seqTask ? (
        <div
          className="key-item"
          title="Σ of the relevance over each step's 28 × 28/T columns, signed, scaled to the cell's largest step (thesis Figure 4.4: Shallow-4, 7 pile it up on the last steps, Deep-4, 7 keep it on the digit)."
        >
          <svg className="key-steps" viewBox="0 0 4 10" preserveAspectRatio="none" aria-hidden="true">
            <rect x={0.15} width={0.7} y={7} height={3} className="pos" />
            <rect x={1.15} width={0.7} y={4} height={6} className="pos" />
            <rect x={2.15} width={0.7} y={1} height={9} className="pos" />
            <rect x={3.15} width={0.7} y={8} height={2} className="pos" />
          </svg>
          <span className="key-text">relevance per time step, step 1 on the left</span>
        </div>
      ) : (
        <>
          <div className="key-item" title="Share of the positive relevance in each 28-column block (facts §7.1); the green underline marks the blocks of the label.">
            <span className="key-bars" aria-hidden="true">
              <span className="bb maj">
                <span className="bb-fill" style={{ width: '70%' }} />
              </span>
            </span>
            <span className="key-text">
              share per block (<span className="key-maj">green</span>: the label’s blocks)
            </span>
          </div>
          <div className="key-item" title="Cosine between the three block shares and the mask of the label's blocks (thesis §4.3.2, facts §7.3).">
            <strong>cos</strong> <span className="key-text">1 = all on the label’s blocks</span>
          </div>
        </>
      )}
      <div className="key-item" title="Σ of the heatmap against relu(y_c), the explained class's output (logit): equal for a conservative method (deep Taylor, LRP-αβ).">
        <strong>total</strong> <span className="key-text">heatmap sum vs the class’s output</span>
      </div>
    </div>
  );
}
