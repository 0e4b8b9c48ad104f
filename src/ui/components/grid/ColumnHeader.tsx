/** A grid column's header: the model's name, what it is (pretrained, in training, untrained, trained here, uploaded), a bundled model's accuracy and a remove button. */
import { fmtPercent } from '../../format';
import { DATASET_LABELS } from '../../format';
import { accuracyText, trainingText } from '../../lib/bundle-text';
import type { Column, SlotState } from '../../store';
import { useApp } from '../../store-context';
import { PRESETS } from '../../../core/cells/presets';

export function modelTitle(col: Column, st: SlotState | undefined): string {
  return st?.summary?.name ?? (col.preset ? PRESETS[col.preset].name : 'Model');
}

export type BadgeKind = 'untrained' | 'trained' | 'training' | 'loading' | 'error';

/** A short badge: what the weights are (a bundled model: pretrained, or in training with its epochs). */
export function modelBadge(st: SlotState | undefined, col?: Pick<Column, 'bundle'>): { text: string; kind: BadgeKind } {
  if (!st || st.status === 'loading') return { text: 'loading…', kind: 'loading' };
  if (st.status === 'error') return { text: 'failed to load', kind: 'error' };
  const m = st.summary!;
  if (m.source === 'init') return { text: 'untrained (random weights)', kind: 'untrained' };
  if (m.source === 'bundled' && col?.bundle) {
    const training = trainingText(col.bundle);
    return training ? { text: training, kind: 'training' } : { text: 'pretrained', kind: 'trained' };
  }
  const acc = st.evaluation?.accuracy ?? m.metrics?.testAccuracy ?? null;
  const where = m.source === 'bundled' ? 'pretrained' : m.source === 'trained' ? 'trained here' : m.training ? 'trained' : 'loaded';
  const data = m.training ? DATASET_LABELS[m.training.dataset] : '';
  return { text: [where, data, acc !== null ? `test ${fmtPercent(acc)}` : ''].filter(Boolean).join(' · '), kind: 'trained' };
}

/** A bundled model's test accuracy beside the thesis's and its bar (nothing for other models or random weights). */
export function BundleAccuracy({ col, st, testId, fallback = null }: { col: Column; st: SlotState | undefined; testId: string; fallback?: string | null }) {
  if (!col.bundle || st?.summary?.source !== 'bundled') return null;
  const acc = accuracyText(col.bundle, st.summary.metrics?.testAccuracy);
  if (!acc.text && !acc.bar) return fallback;
  return (
    <span className="acc-line" data-testid={testId} data-meets={acc.meets === undefined ? '' : acc.meets ? '1' : '0'}>
      {acc.text}
      {acc.text && acc.bar && ' · '}
      {acc.bar && <span className={acc.meets ? 'bar-ok' : 'bar-below'}>{acc.bar}</span>}
    </span>
  );
}

/** `title`: the column's unique title (hooks.ts useColumnTitles); the model's own name when absent. */
export function ColumnHeader({ col, index, title: unique }: { col: Column; index: number; title?: string }) {
  const st = useApp((s) => s.models.slots[col.slot]);
  const error = useApp((s) => s.grid.errors[col.slot]);
  const pending = useApp((s) => s.grid.pending[col.slot] !== undefined);
  const remove = useApp((s) => s.actions.removeColumn);
  const dataset = useApp((s) => s.seq.dataset);
  const title = unique ?? modelTitle(col, st);
  const badge = modelBadge(st, col);
  const otherData = st?.summary?.training && st.summary.training.dataset !== dataset;
  return (
    <div
      className="colhead"
      role="columnheader"
      data-testid="grid.column"
      data-slot={col.slot}
      data-preset={col.preset ?? ''}
      data-task={col.task}
      data-steps={col.T ?? st?.summary?.T ?? ''}
      data-col={index}
      data-status={st?.status ?? 'loading'}
      data-source={st?.summary?.source ?? ''}
      data-busy={pending ? '1' : '0'}
    >
      <div className="colhead-title">
        <strong data-testid="grid.column.name">{title}</strong>
        {/* The sequence task's six cells are fixed (Experiment 1); browser models can be removed. */}
        {(col.task !== 'seq' || col.kind === 'user') && (
          <button type="button" className="icon" aria-label={`Remove the column ${title}`} title="Remove this column" onClick={() => remove(col.slot)}>
            ×
          </button>
        )}
      </div>
      <span className={`badge ${badge.kind}`} data-testid="grid.column.badge" title={st?.note ?? st?.summary?.detail ?? ''}>
        {badge.text}
      </span>
      <BundleAccuracy col={col} st={st} testId="grid.column.accuracy" />
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
