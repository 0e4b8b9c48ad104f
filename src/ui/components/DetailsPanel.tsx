/** Beside the grid: each model's class probabilities (PredictionPanel) and the relevance per time step of the selected cell (StepsPanel). */
import { useColumns, useColumnTitles } from '../hooks';
import { methodInfo } from '../lib/methods';
import { useApp } from '../store-context';
import { ProbabilityBars } from './charts/ProbabilityBars';
import { StepChart } from './charts/StepChart';
import { FlowPanel } from './charts/FlowPanel';
import { FaithButtons } from './faith/FaithButtons';

export function PredictionPanel() {
  const columns = useColumns();
  const results = useApp((s) => s.grid.results);
  const classNames = useApp((s) => s.seq.classNames);
  const label = useApp((s) => s.seq.label);
  const titles = useColumnTitles(columns);
  return (
    <section className="panel details-panel" aria-labelledby="details-title" data-testid="details.panel">
      <h2 id="details-title">Prediction</h2>
      <p className="muted small">Softmax over the 10 logits and the constant zero logit of the training loss; outlined: the explained class.</p>
      <div className="prob-list">
        {columns.map((c) => {
          const r = results[c.slot];
          const title = titles[c.slot];
          return (
            <figure key={c.slot} className="prob-fig">
              <figcaption>
                <strong>{title}</strong>{' '}
                {r && (
                  <span className="muted">
                    predicts <span data-testid="details.predicted">{classNames[r.predicted] ?? r.predicted}</span>
                  </span>
                )}
              </figcaption>
              {r ? <ProbabilityBars probabilities={r.probabilities} predicted={r.predicted} label={label ?? r.target} classNames={classNames} title={title} /> : <p className="muted">…</p>}
            </figure>
          );
        })}
      </div>
      <h3>Reading a cell</h3>
      <dl className="legend-text small">
        <dt>Colour</dt>
        <dd>relevance R per pixel, red positive, blue negative, each heatmap scaled by its own max |R| (the thesis's colour map)</dd>
        <dt>Bars</dt>
        <dd>share of the positive relevance in each block; green underline: the blocks of the label</dd>
        <dt>cos</dt>
        <dd>how well those shares match the label’s blocks (1: all on the two label blocks, evenly); “n/a” with the reason when it is undefined: no class appears twice, or the heatmap has no positive relevance (for LRP: the class’s output is ≤ 0)</dd>
        <dt>total</dt>
        <dd title="ΣR against relu(y_c): the sum of the heatmap and the explained class's logit, if positive">
          the heatmap’s sum as a share of the class’s output (its logit): 100 % for deep Taylor and LRP-αβ, which hand back exactly what the network output; for sensitivity and guided backprop it is a squared gradient, no share of anything
        </dd>
        <dt>Method names</dt>
        <dd>open a card with the formula, the rule at each layer and where it comes from in the thesis</dd>
      </dl>
    </section>
  );
}

export function StepsPanel() {
  const columns = useColumns();
  const results = useApp((s) => s.grid.results);
  const titles = useColumnTitles(columns);
  const mask = useApp((s) => s.seq.mask);
  const methods = useApp((s) => s.grid.methods);
  const chosen = useApp((s) => s.grid.selected);
  // Default selection: the thesis's LRP-α1.5β0.5 (or the last row) on the first column.
  const sel =
    chosen && columns.some((c) => c.slot === chosen.slot) && methods.includes(chosen.method)
      ? chosen
      : columns[0]
        ? { slot: columns[0].slot, method: methods.includes('lrp-alpha-beta:a1.5b0.5') ? 'lrp-alpha-beta:a1.5b0.5' : methods[methods.length - 1] }
        : null;
  const selCol = sel ? columns.find((c) => c.slot === sel.slot) : undefined;
  const selCell = sel ? results[sel.slot]?.cells.find((c) => c.method === sel.method) : undefined;

  return (
    <section className="panel steps-panel" aria-labelledby="steps-title" data-testid="details.steps-panel">
      <h2 id="steps-title">Relevance per time step</h2>
      {sel && selCell && selCol ? (
        <>
          <p className="muted small" data-testid="details.selected">
            {methodInfo(sel.method).label} on {titles[selCol.slot]} · {results[sel.slot].T} step{results[sel.slot].T === 1 ? '' : 's'} of {results[sel.slot].width / results[sel.slot].T} columns{mask ? '; shaded: the majority blocks' : ''}
          </p>
          <StepChart perStep={selCell.perStep} mask={mask} title={`${methodInfo(sel.method).label} on ${titles[selCol.slot]}`} />
          <FlowPanel slot={sel.slot} method={sel.method} model={titles[selCol.slot]} />
          <FaithButtons slot={sel.slot} method={sel.method} model={titles[selCol.slot]} />
        </>
      ) : (
        <p className="muted">…</p>
      )}
    </section>
  );
}
