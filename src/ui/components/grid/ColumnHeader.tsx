/** A grid column's header: the model's name, what it is (pretrained, untrained, trained here, uploaded) and a remove button. */
import { fmtPercent } from '../../format';
import { DATASET_LABELS } from '../../format';
import type { Column, SlotState } from '../../store';
import { useApp } from '../../store-context';
import { PRESETS } from '../../../core/cells/presets';

export function modelTitle(col: Column, st: SlotState | undefined): string {
  return st?.summary?.name ?? (col.preset ? PRESETS[col.preset].name : 'Model');
}

/** A short badge: what the weights are. */
export function modelBadge(st: SlotState | undefined): { text: string; kind: 'untrained' | 'trained' | 'loading' | 'error' } {
  if (!st || st.status === 'loading') return { text: 'loading…', kind: 'loading' };
  if (st.status === 'error') return { text: 'failed to load', kind: 'error' };
  const m = st.summary!;
  if (m.source === 'init') return { text: 'untrained (random weights)', kind: 'untrained' };
  const acc = st.evaluation?.accuracy ?? m.metrics?.testAccuracy ?? null;
  const where = m.source === 'bundled' ? 'pretrained' : m.source === 'trained' ? 'trained here' : m.training ? 'trained' : 'loaded';
  const data = m.training ? DATASET_LABELS[m.training.dataset] : '';
  return { text: [where, data, acc !== null ? `test ${fmtPercent(acc)}` : ''].filter(Boolean).join(' · '), kind: 'trained' };
}

export function ColumnHeader({ col, index }: { col: Column; index: number }) {
  const st = useApp((s) => s.models.slots[col.slot]);
  const error = useApp((s) => s.grid.errors[col.slot]);
  const pending = useApp((s) => s.grid.pending[col.slot] !== undefined);
  const remove = useApp((s) => s.actions.removeColumn);
  const dataset = useApp((s) => s.seq.dataset);
  const title = modelTitle(col, st);
  const badge = modelBadge(st);
  const otherData = st?.summary?.training && st.summary.training.dataset !== dataset;
  return (
    <div className="colhead" role="columnheader" data-testid="grid.column" data-slot={col.slot} data-col={index} data-status={st?.status ?? 'loading'} data-busy={pending ? '1' : '0'}>
      <div className="colhead-title">
        <strong data-testid="grid.column.name">{title}</strong>
        <button type="button" className="icon" aria-label={`Remove the column ${title}`} title="Remove this column" onClick={() => remove(col.slot)}>
          ×
        </button>
      </div>
      <span className={`badge ${badge.kind}`} data-testid="grid.column.badge" title={st?.note ?? st?.summary?.detail ?? ''}>
        {badge.text}
      </span>
      {otherData && <span className="warn">trained on {DATASET_LABELS[st.summary!.training!.dataset]}</span>}
      {st?.note && <span className="warn">{st.note}</span>}
      {st?.status === 'error' && <span className="error">{st.error}</span>}
      {error && (
        <span className="error" role="alert" data-testid="grid.column.error">
          {error}
        </span>
      )}
    </div>
  );
}
