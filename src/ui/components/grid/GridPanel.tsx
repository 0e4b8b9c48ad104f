/** The comparison grid: rows are explanation methods, columns are models; toolbar with the choosers, "positive only" and the legend. */
import { useColumns } from '../../hooks';
import { methodInfo } from '../../lib/methods';
import { useApp } from '../../store-context';
import { ColumnHeader, modelTitle } from './ColumnHeader';
import { GridCell } from './GridCell';
import { Legend } from './Legend';
import { ArchPicker, MethodPicker } from './Pickers';

export function GridPanel() {
  const columns = useColumns();
  const methods = useApp((s) => s.grid.methods);
  const positiveOnly = useApp((s) => s.grid.positiveOnly);
  const setPositiveOnly = useApp((s) => s.actions.setPositiveOnly);
  const slots = useApp((s) => s.models.slots);
  const version = useApp((s) => s.seq.version);
  const pending = useApp((s) => Object.keys(s.grid.pending).length);
  return (
    <section className="panel grid-panel" aria-labelledby="grid-title" data-testid="grid.panel" data-version={version} data-pending={pending}>
      <div className="grid-toolbar">
        <h2 id="grid-title">Relevance heatmaps</h2>
        <MethodPicker />
        <ArchPicker />
        <label className="toggle">
          <input type="checkbox" checked={positiveOnly} data-testid="grid.positive" onChange={(e) => setPositiveOnly(e.target.checked)} />
          Positive only
        </label>
      </div>
      {columns.length === 0 ? (
        <p className="muted">No architecture chosen: pick one under “Architectures”.</p>
      ) : (
        <div className="grid-scroll">
          <div className="cgrid" role="table" aria-label="Heatmaps: methods by models" style={{ gridTemplateColumns: `minmax(96px, 120px) repeat(${columns.length}, minmax(200px, 1fr))` }}>
            <div role="row" className="cgrid-row">
              <div role="columnheader" className="corner">
                <Legend positiveOnly={positiveOnly} />
              </div>
              {columns.map((c, i) => (
                <ColumnHeader key={c.slot} col={c} index={i} />
              ))}
            </div>
            {methods.map((m, r) => {
              const info = methodInfo(m);
              return (
                <div role="row" className="cgrid-row" key={m}>
                  <div role="rowheader" className="rowhead" title={info.description}>
                    <strong>{info.label}</strong>
                    {info.conserves && <span className="muted small">conservative</span>}
                  </div>
                  {columns.map((c, i) => (
                    <div role="cell" key={c.slot}>
                      <GridCell slot={c.slot} method={m} row={r} col={i} modelName={modelTitle(c, slots[c.slot])} />
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
