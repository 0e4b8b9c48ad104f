/** Hooks that derive view data from the store with stable identities. */
import { useMemo } from 'react';
import { PRESETS } from '../core/cells/presets';
import { qualifierOf, uniqueTitles } from './lib/column-titles';
import { columnsFor, userTaskOf } from './slices/models';
import { seqCellName } from './lib/seq-columns';
import type { Column } from './store';
import { useApp } from './store-context';

/** The grid's columns, recomputed only when their inputs change. */
export function useColumns(): Column[] {
  const arch = useApp((s) => s.models.arch);
  const user = useApp((s) => s.models.user);
  const bundle = useApp((s) => s.models.bundle);
  const dataset = useApp((s) => s.seq.dataset);
  const task = useApp((s) => s.seq.task);
  // The browser models' tasks as one string: a new slot state elsewhere does not make new columns.
  const userTasks = useApp((s) => s.models.user.map((id) => userTaskOf(s.models.slots, id) ?? '?').join(','));
  return useMemo(() => {
    const known = new Map(user.map((id, k) => [id, userTasks.split(',')[k]]));
    const userTask = (id: string) => {
      const t = known.get(id);
      return t === 'maj' || t === 'seq' ? t : null;
    };
    return columnsFor({ arch, user, bundle, dataset, task, userTask });
  }, [arch, user, bundle, dataset, task, userTasks]);
}

/** Display name of a class of the current dataset. */
export function useClassName(): (c: number | null) => string {
  const names = useApp((s) => s.seq.classNames);
  return useMemo(() => (c: number | null) => (c === null ? '?' : (names[c] ?? String(c))), [names]);
}

/**
 * A unique title per column slot (lib/column-titles.ts): the architecture's name, with what tells
 * the model apart when two columns share it ("Deep · bundled", "Deep · MNIST-MAJ · 500 seq", "… #2").
 */
export function useColumnTitles(columns: Column[]): Record<string, string> {
  const slots = useApp((s) => s.models.slots);
  const stored = useApp((s) => s.models.stored);
  return useMemo(() => {
    const parts = columns.map((c) => {
      const summary = slots[c.slot]?.summary ?? null;
      const name = summary?.name ?? (c.preset ? PRESETS[c.preset].name : (stored.find((m) => m.id === c.userId)?.name.split(' · ')[0] ?? 'Model'));
      // The sequence task names a cell with its steps, as the thesis does ("Shallow-4", "Deep-7").
      const T = c.task === 'seq' ? (c.T ?? summary?.T ?? null) : null;
      const base = T === null ? name : c.preset && c.T ? seqCellName(c.preset, c.T) : `${name}-${T}`;
      const full = c.userId ? (stored.find((m) => m.id === c.userId)?.name ?? null) : null;
      // The qualifier is what follows the cell's name in a stored model's name ("Deep · model.json", "Deep-7 · MNIST · 600 images").
      const storedName = full && base !== name && full.startsWith(`${base} · `) ? `${name} · ${full.slice(base.length + 3)}` : full;
      return { base, qualifier: qualifierOf({ kind: c.kind, source: summary?.source ?? null, storedName, base: name }) };
    });
    const titles = uniqueTitles(parts);
    return Object.fromEntries(columns.map((c, i) => [c.slot, titles[i]]));
  }, [columns, slots, stored]);
}
