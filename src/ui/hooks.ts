/** Hooks that derive view data from the store with stable identities. */
import { useMemo } from 'react';
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
