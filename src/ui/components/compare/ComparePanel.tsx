/**
 * The architecture comparison view: for one dataset (its own switch), the mean cosine to the
 * majority mask of every evaluated bundled cell under each of the thesis's five methods
 * (ComparisonChart), a legend with each model's accuracy, what is missing and why, and the numbers
 * as a table. Its evaluation files are fetched when the view is first shown (view slice). A bar
 * opens its cell and method in the grid.
 */
import { useMemo, useState } from 'react';
import { DATASET_IDS, type DatasetId } from '../../../protocol/messages';
import { DATASET_LABELS, fmtInt, fmtNum, fmtPercent } from '../../format';
import { accuracyText, fmtBar, trainingText } from '../../lib/bundle-text';
import { comparisonChart, type ComparisonBar } from '../../lib/comparison';
import { useApp } from '../../store-context';
import { barSentence, ComparisonChart } from './ComparisonChart';

export function ComparePanel() {
  const dataset = useApp((s) => s.view.compareDataset);
  const bundle = useApp((s) => s.models.bundle);
  const evals = useApp((s) => s.view.evals);
  const actions = useApp((s) => s.actions);
  const [hot, setHot] = useState<string | null>(null);
  const [shown, setShown] = useState<ComparisonBar | null>(null);
  const entries = bundle?.status === 'ready' ? bundle.entries : null;
  const chart = useMemo(() => (entries ? comparisonChart(entries, evals, dataset) : null), [entries, evals, dataset]);
  const ns = chart ? [...new Set(chart.bars.map((b) => b.cosine.n).filter((n): n is number => n !== null))] : [];
  const gapsByReason = new Map<string, string[]>();
  for (const g of chart?.gaps ?? []) gapsByReason.set(g.reason, [...(gapsByReason.get(g.reason) ?? []), g.name]);
  const shownCell = shown ? chart?.cells.find((c) => c.preset === shown.preset) : undefined;
  // The bars of the cells whose accuracy is below theirs (a key to the legend's brown figures).
  const belowBars = [...new Set((chart?.cells ?? []).filter((c) => accuracyText(c.entry).meets === false).map((c) => fmtBar(c.entry.bar!)))];

  return (
    <section className="panel compare-panel" aria-labelledby="compare-title" data-testid="compare.panel" data-loading={chart?.loading ?? 0} data-cells={chart?.cells.length ?? 0}>
      <div className="compare-head">
        <h2 id="compare-title">Architecture comparison</h2>
        <div className="seg" role="radiogroup" aria-label="Dataset of the comparison" data-testid="compare.dataset">
          {DATASET_IDS.map((d: DatasetId) => (
            <label key={d} className={d === dataset ? 'on' : ''}>
              <input type="radio" name="compare-dataset" value={d} checked={d === dataset} onChange={() => actions.setCompareDataset(d)} data-testid={`compare.dataset.${d}`} />
              {DATASET_LABELS[d]}
            </label>
          ))}
        </div>
        <p className="muted small compare-sub">
          Mean cosine between the block shares of the positive relevance and the majority mask
          {ns.length ? `, over ${ns.map(fmtInt).join(' / ')} ${DATASET_LABELS[dataset]} test sequences per cell` : ''}, with its 95 % interval (after the thesis’s Figure
          4.12). Click a bar, or focus it and press Enter, to open that cell and method in the grid.
        </p>
      </div>

      {!bundle ? (
        <p className="muted">Loading the model index…</p>
      ) : bundle.status === 'missing' ? (
        <p className="notice" data-testid="compare.empty">
          No pretrained models are bundled ({bundle.message}): there is nothing to compare.
        </p>
      ) : chart && chart.cells.length === 0 ? (
        <p className={chart.loading ? 'muted' : 'notice'} data-testid="compare.empty">
          {chart.loading ? 'Loading the evaluations…' : `No bundled ${DATASET_LABELS[dataset]} model has an evaluation yet.`}
        </p>
      ) : (
        chart && (
          <>
            <ComparisonChart chart={chart} hot={hot} onHot={setHot} onShow={setShown} onOpen={(b) => void actions.openInGrid(b.preset, b.spec, dataset)} />
            <p className="cmp-readout small" data-testid="compare.readout" aria-hidden="true">
              {shown ? (
                <>
                  <span className="swatch" style={{ background: shownCell?.color }} />
                  {barSentence(shown, shownCell, chart.groups[shown.group].short, dataset)}
                  {shownCell?.accuracy != null && ` · model accuracy ${fmtPercent(shownCell.accuracy, 2)}`}
                </>
              ) : (
                <span className="muted">Point at a bar (or focus it; ← → move between bars) for its numbers.</span>
              )}
            </p>
            <ul className="cmp-legend" aria-label="Cells" data-testid="compare.legend">
              {chart.cells.map((c) => {
                const acc = accuracyText(c.entry);
                const training = trainingText(c.entry);
                return (
                  <li
                    key={c.preset}
                    className={hot !== null && hot !== c.preset ? 'dim' : ''}
                    data-preset={c.preset}
                    title={acc.bar ?? undefined}
                    onPointerEnter={() => setHot(c.preset)}
                    onPointerLeave={() => setHot(null)}
                  >
                    <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
                    <span className="cmp-legend-text">
                      <strong>{c.name}</strong>
                      {training && <span className="warn"> in training</span>}
                      {acc.text && (
                        <span className={`cmp-legend-acc ${acc.meets === false ? 'bar-below' : 'muted'}`}>
                          {acc.text}
                          {acc.bar && <span className="sr-only"> ({acc.bar})</span>}
                        </span>
                      )}
                    </span>
                  </li>
                );
              })}
            </ul>
          </>
        )
      )}
      {belowBars.length > 0 && (
        <p className="muted small cmp-gaps" data-testid="compare.below">
          <span className="bar-below">Brown accuracies</span> are below the bar a model must reach to be used ({belowBars.join(' / ')}; thesis Table 4.2).
        </p>
      )}
      {gapsByReason.size > 0 && (
        <p className="muted small cmp-gaps" data-testid="compare.gaps">
          Not shown:{' '}
          {[...gapsByReason].map(([reason, names], k) => (
            <span key={reason}>
              {k > 0 && '; '}
              {names.join(', ')} ({reason})
            </span>
          ))}
          .
        </p>
      )}
      {chart && chart.cells.length > 0 && (
        <details className="cmp-table" data-testid="compare.table">
          <summary>The numbers</summary>
          <table>
            <caption className="sr-only">Mean cosine [95 % interval] per cell and method, {DATASET_LABELS[dataset]}</caption>
            <thead>
              <tr>
                <th scope="col">Cell</th>
                <th scope="col">n</th>
                <th scope="col">Accuracy on n</th>
                {chart.groups.map((g) => (
                  <th scope="col" key={g.spec}>
                    {g.short}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {chart.cells.map((c) => (
                <tr key={c.preset}>
                  <th scope="row">{c.name}</th>
                  <td>{c.n === null ? '–' : fmtInt(c.n)}</td>
                  <td>{fmtPercent(c.accuracy, 2)}</td>
                  {chart.groups.map((g, gi) => {
                    const b = chart.bars.find((x) => x.group === gi && x.preset === c.preset);
                    return (
                      <td key={g.spec}>
                        {b ? (
                          <>
                            {fmtNum(b.cosine.mean)} <span className="muted">[{fmtNum(b.cosine.lo)}, {fmtNum(b.cosine.hi)}]</span>
                          </>
                        ) : (
                          '–'
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
