/** The comparison grid: rows are explanation methods, columns are models; toolbar with the choosers, "positive only" and the legend. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useColumns, useColumnTitles } from '../../hooks';
import { bandSizes, splitBands } from '../../lib/grid-bands';
import { useApp, useAppStore } from '../../store-context';
import { ColumnHeader } from './ColumnHeader';
import { GridCell } from './GridCell';
import { GridKey } from './GridKey';
import { cardCells } from './card-cells';
import { ExportMenu } from './ExportMenu';
import { MissingModels } from './MissingModels';
import { ArchPicker, MethodPicker } from './Pickers';
import { SeqModelsNotice } from './SeqModelsNotice';
import { RowHeader } from './RowHeader';

/** Widths of the method-name column and of the narrowest heatmap column, in em (as --rowhead and --colmin in styles.css). */
const ROWHEAD_EM = 8.5;
const MIN_COL_EM = 12;
/** The sequence task's square heatmaps (28 × 28) need a third of the width: six columns side by side at 1024 px (as --colmin of .task-seq). */
const MIN_SEQ_COL_EM = 5;

export function GridPanel() {
  const columns = useColumns();
  const methods = useApp((s) => s.grid.methods);
  const positiveOnly = useApp((s) => s.grid.positiveOnly);
  const setPositiveOnly = useApp((s) => s.actions.setPositiveOnly);
  const slots = useApp((s) => s.models.slots);
  // data-version and data-pending change with every edit and request: written through `subscribe`,
  // so that drawing does not re-render the grid (its cells re-render when their own result lands).
  const store = useAppStore();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    const write = () => {
      const s = store.getState();
      const el = panel.current;
      if (!el) return;
      const version = String(s.seq.version);
      const pending = String(Object.keys(s.grid.pending).length);
      if (el.dataset.version !== version) el.dataset.version = version;
      if (el.dataset.pending !== pending) el.dataset.pending = pending;
    };
    write();
    return store.subscribe(write);
  }, [store]);
  const titles = useColumnTitles(columns);
  const cells = useMemo(() => cardCells(columns, slots, titles), [columns, slots, titles]);
  // The panel's width and font size decide how many columns fit side by side (CSS: --rowhead, --colmin in em).
  const [fit, setFit] = useState<{ width: number; em: number } | null>(null);
  useEffect(() => {
    const el = panel.current;
    if (!el) return;
    const measure = () => {
      if (el.clientWidth === 0) return; // hidden (the comparison tab is shown): measured when shown
      const em = parseFloat(getComputedStyle(el).fontSize) || 14;
      const width = el.clientWidth - 2 * em;
      setFit((f) => (f && Math.abs(f.width - width) < 1 && f.em === em ? f : { width, em }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const seqTask = useApp((s) => s.seq.task === 'seq');
  const minCol = (seqTask ? MIN_SEQ_COL_EM : MIN_COL_EM) * (fit?.em ?? 14);
  const bands = fit ? bandSizes(columns.length, { available: fit.width, rowhead: ROWHEAD_EM * fit.em, minCol, gap: 10 }) : [columns.length];
  return (
    <section ref={panel} className={`panel grid-panel ${seqTask ? 'task-seq' : ''}`} aria-labelledby="grid-title" data-testid="grid.panel">
      <div className="grid-toolbar">
        <h2 id="grid-title">Relevance heatmaps</h2>
        <MethodPicker />
        {seqTask ? (
          <span className="muted small seq-cols-note" title="Experiment 1 (thesis §4.2, Figures 4.4–4.6): Shallow and Deep, each reading the image as T = 1, 4 or 7 column strips">
            Shallow and Deep at T = 1, 4, 7
          </span>
        ) : (
          <ArchPicker />
        )}
        <label className="toggle">
          <input type="checkbox" checked={positiveOnly} data-testid="grid.positive" onChange={(e) => setPositiveOnly(e.target.checked)} />
          Positive only
        </label>
        <ExportMenu columns={columns} titles={titles} />
      </div>
      <MissingModels />
      <SeqModelsNotice />
      <GridKey positiveOnly={positiveOnly} seqTask={seqTask} />
      {columns.length === 0 ? (
        <p className="muted">No architecture chosen: pick one under “Architectures”.</p>
      ) : (
        <div className="grid-scroll">
          {/* Columns that do not fit side by side wrap into bands (lib/grid-bands.ts): no sideways scrolling, method names in every band. */}
          {splitBands(columns, bands).map((band, b) => {
            const first = columns.indexOf(band[0]);
            return (
              <div
                key={band[0].slot}
                className="cgrid"
                role="table"
                aria-label={bands.length > 1 ? `Heatmaps: methods by models ${first + 1} to ${first + band.length} of ${columns.length}` : 'Heatmaps: methods by models'}
                data-testid="grid.band"
                data-band={b}
                style={{ gridTemplateColumns: `var(--rowhead) repeat(${band.length}, minmax(0, var(--colmax)))`, ['--rows' as string]: methods.length * bands.length }}
              >
                <div role="row" className="cgrid-row">
                  <div role="columnheader" className="corner">
                    <span className="sr-only">Method</span>
                  </div>
                  {band.map((c, i) => (
                    <ColumnHeader key={c.slot} col={c} index={first + i} title={titles[c.slot]} />
                  ))}
                </div>
                {methods.map((m, r) => (
                  <div role="row" className="cgrid-row" key={m}>
                    <RowHeader spec={m} cells={cells} />
                    {band.map((c, i) => (
                      <div role="cell" key={c.slot}>
                        <GridCell slot={c.slot} method={m} row={r} col={first + i} modelName={titles[c.slot]} />
                      </div>
                    ))}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
