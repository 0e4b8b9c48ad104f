/**
 * One cell of the comparison grid: the heatmap, block shares, cosine and conservation of one (method, model);
 * in the sequence task the relevance per time step (StepStrip) instead of the block shares and the cosine
 * (one image: no blocks to share, no mask).
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import { methodInfo, methodKind } from '../../lib/methods';
import { conservationView, cosineView } from '../../lib/score-text';
import { useApp } from '../../store-context';
import { BlockBars } from './BlockBars';
import { Heatmap } from './Heatmap';
import { StepStrip } from './StepStrip';

interface Props {
  slot: string;
  method: string;
  row: number;
  col: number;
  modelName: string;
}

/** Memoised: it re-renders when its own result (or the selection, mask, options) changes, not with the grid. */
export const GridCell = memo(function GridCell({ slot, method, row, col, modelName }: Props) {
  const result = useApp((s) => s.grid.results[slot]);
  const selected = useApp((s) => s.grid.selected);
  const mask = useApp((s) => s.seq.mask);
  const seqTask = useApp((s) => s.seq.task === 'seq');
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
  const kind = useMemo(() => methodKind(method), [method]);
  // The cosine, or n/a with its reason; the total in plain words (lib/score-text.ts).
  const cos = cell ? cosineView(cell, kind) : null;
  const cons = cell ? conservationView(cell, kind) : null;
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
      data-cosine={cos ? (cos.value === null ? 'n/a' : cos.value) : ''}
      data-na-reason={cos?.reason ?? ''}
    >
      <div
        ref={mapRef}
        className="gcell-map"
        role="button"
        tabIndex={0}
        aria-pressed={isSelected}
        aria-label={`${info.label} on ${modelName}${emptyNote ? `: ${emptyNote}` : ''}${cos && !seqTask ? `, cosine ${cos.text}${cos.reason ? ` (${cos.reason})` : ''}` : ''}: show its relevance per time step`}
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
      {cell && seqTask ? (
        <div className="gmeta">
          <StepStrip perStep={cell.perStep} total={cell.conservation.sum} />
          <div className="scores">
            <span className={`cons ${info.conserves ? '' : 'muted'}`} data-testid="grid.conservation" data-figure={cons!.figure} title={cons!.title}>
              {cons!.text}
            </span>
          </div>
        </div>
      ) : cell ? (
        <div className="gmeta">
          <BlockBars shares={cell.blockShares} mask={mask} />
          <div className="scores">
            <span className="cos" data-testid="grid.cosine" title={cos!.reason ? `Undefined: ${cos!.reason}.` : 'Cosine between the block shares and the mask of the label’s blocks (thesis §4.3.2, facts §7.3): 1 = all on the label’s two blocks, evenly.'}>
              cos <strong>{cos!.text}</strong>
            </span>
            <span className={`cons ${info.conserves ? '' : 'muted'}`} data-testid="grid.conservation" data-figure={cons!.figure} title={cons!.title}>
              {cons!.text}
            </span>
          </div>
          {cos!.reason && (
            <span className="na-reason" data-testid="grid.na-reason">
              n/a: {cos!.short}
            </span>
          )}
        </div>
      ) : (
        <div className="gmeta muted">…</div>
      )}
    </div>
  );
});
