/** One cell of the comparison grid: the heatmap, block shares, cosine and conservation of one (method, model). */
import { useEffect, useRef } from 'react';
import { fmtSci } from '../../format';
import { methodInfo } from '../../lib/methods';
import { useApp } from '../../store-context';
import { BlockBars } from './BlockBars';
import { Heatmap } from './Heatmap';

interface Props {
  slot: string;
  method: string;
  row: number;
  col: number;
  modelName: string;
}

export function GridCell({ slot, method, row, col, modelName }: Props) {
  const result = useApp((s) => s.grid.results[slot]);
  const selected = useApp((s) => s.grid.selected);
  const mask = useApp((s) => s.seq.mask);
  const select = useApp((s) => s.actions.select);
  const positiveOnly = useApp((s) => s.grid.positiveOnly);
  const reveal = useApp((s) => s.view.reveal);
  const revealDone = useApp((s) => s.actions.revealDone);
  const mapRef = useRef<HTMLDivElement>(null);
  // Opened from the architecture comparison: bring this cell into view and give it the focus.
  useEffect(() => {
    if (!reveal || reveal.slot !== slot || reveal.method !== method || !mapRef.current) return;
    // The grid's top (its column headers) in view when the cell fits below it, else the cell centred.
    const el = mapRef.current;
    el.closest('.grid-panel')?.scrollIntoView({ block: 'start' });
    el.scrollIntoView({ block: el.getBoundingClientRect().bottom > window.innerHeight ? 'center' : 'nearest', inline: 'nearest' });
    el.focus({ preventScroll: true });
    revealDone();
  }, [reveal, slot, method, revealDone]);
  const cell = result?.cells.find((c) => c.method === method);
  const info = methodInfo(method);
  const isSelected = selected?.slot === slot && selected.method === method;
  const cons = cell?.conservation;
  const emptyNote = cell && !cell.heatmap.some((v) => (positiveOnly ? v > 0 : v !== 0)) ? (positiveOnly ? 'no positive relevance' : 'no relevance') : null;
  return (
    <div
      className={`gcell ${isSelected ? 'selected' : ''}`}
      data-testid="grid.cell"
      data-method={method}
      data-slot={slot}
      data-row={row}
      data-col={col}
      data-version={result?.version ?? ''}
      data-cosine={cell ? (cell.cosine === null ? 'n/a' : cell.cosine) : ''}
    >
      <div
        ref={mapRef}
        className="gcell-map"
        role="button"
        tabIndex={0}
        aria-pressed={isSelected}
        aria-label={`${info.label} on ${modelName}${emptyNote ? `: ${emptyNote}` : ''}${cell ? `, cosine ${cell.cosine === null ? 'n/a' : cell.cosine.toFixed(3)}` : ''}: show its relevance per time step`}
        onClick={() => select(method, slot)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            select(method, slot);
          }
        }}
      >
        <Heatmap slot={slot} method={method} label={`${info.label} heatmap for ${modelName}`} emptyNote={emptyNote} />
      </div>
      {cell ? (
        <div className="gmeta">
          <BlockBars shares={cell.blockShares} mask={mask} />
          <div className="scores">
            <span className="cos" data-testid="grid.cosine" title="Cosine between the block shares and the majority mask (thesis metric, facts §7.3)">
              cos <strong>{cell.cosine === null ? 'n/a' : cell.cosine.toFixed(3)}</strong>
            </span>
            <span
              className={`cons ${info.conserves ? '' : 'muted'}`}
              data-testid="grid.conservation"
              title={info.conserves ? 'Conservation: Σ of the heatmap against relu(logit of the explained class)' : 'Not a conservative method: Σ R need not equal relu(y)'}
            >
              ΣR {fmtSci(cons!.sum)} · relu(y) {fmtSci(cons!.target)}
            </span>

          </div>
        </div>
      ) : (
        <div className="gmeta muted">…</div>
      )}
    </div>
  );
}
