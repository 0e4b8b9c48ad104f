/** Hooks that derive view data from the store with stable identities. */
import { useMemo } from 'react';
import { PRESETS } from '../core/cells/presets';
import { qualifierOf, uniqueTitles } from './lib/column-titles';
import { columnsFor } from './slices/models';
import type { Column } from './store';
import { useApp } from './store-context';

/** The grid's columns, recomputed only when their inputs change. */
export function useColumns(): Column[] {
  const arch = useApp((s) => s.models.arch);
  const user = useApp((s) => s.models.user);
  const bundle = useApp((s) => s.models.bundle);
  const dataset = useApp((s) => s.seq.dataset);
  return useMemo(() => columnsFor({ arch, user, bundle, dataset }), [arch, user, bundle, dataset]);
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
      const base = summary?.name ?? (c.preset ? PRESETS[c.preset].name : (stored.find((m) => m.id === c.userId)?.name.split(' · ')[0] ?? 'Model'));
      const storedName = c.userId ? (stored.find((m) => m.id === c.userId)?.name ?? null) : null;
      return { base, qualifier: qualifierOf({ kind: c.kind, source: summary?.source ?? null, storedName, base }) };
    });
    const titles = uniqueTitles(parts);
    return Object.fromEntries(columns.map((c, i) => [c.slot, titles[i]]));
  }, [columns, slots, stored]);
}
