/** The store's shareable view as a UrlState (the inverse of what start() reads), and keeping the address bar in step. */
import { getBlock } from './lib/brush';
import type { AppState, AppStore } from './store';
import { serializeUrlState, type BlockToken, type UrlState } from './url-state';

/** The view of `s` (backend, candidates, mirror and test flags are carried over from the opening URL). */
export function urlStateOf(s: AppState, opened: Pick<UrlState, 'backend' | 'test'> & Partial<Pick<UrlState, 'candidates' | 'mirror'>>): UrlState {
  let blocks: BlockToken[] | null = null;
  if (s.seq.edited && s.seq.pixels) {
    const px = s.seq.pixels;
    const stride = px.length / 28; // 84 (MAJ) or 28 (the sequence task's one image)
    blocks = s.seq.blocks.map((b, k) =>
      b.baseIndex !== null
        ? { label: b.label, kind: 'image', baseIndex: b.baseIndex }
        : { label: b.label, kind: 'pixels', pixels: getBlock({ px, stride, offset: 28 * k, size: 28 }) },
    );
  }
  return {
    dataset: s.seq.dataset,
    task: s.seq.task,
    index: s.seq.index,
    blocks,
    arch: s.models.arch,
    user: s.models.user,
    methods: s.grid.methods,
    positiveOnly: s.grid.positiveOnly,
    view: s.view.tab,
    compareDataset: s.view.compareDataset === s.seq.dataset ? null : s.view.compareDataset,
    present: s.view.present,
    backend: opened.backend,
    candidates: opened.candidates ?? null,
    mirror: opened.mirror ?? false,
    test: opened.test,
  };
}

/** Rewrites the address bar (history.replaceState) when the view changes, at most every `ms`, and not during a stroke (at its end). */
export function syncUrl(store: AppStore, opened: Pick<UrlState, 'backend' | 'test'> & Partial<Pick<UrlState, 'candidates' | 'mirror'>>, write: (search: string) => void, ms = 200): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = '';
  const flush = () => {
    timer = null;
    const s = store.getState();
    if (s.seq.pixels === null) return; // not restored yet: keep the URL as opened
    if (s.seq.drawing) return; // rewritten when the stroke ends (history.replaceState costs several ms a call)
    const search = serializeUrlState(urlStateOf(s, opened));
    if (search !== last) {
      last = search;
      write(search);
    }
  };
  return store.subscribe((s, prev) => {
    if (s.seq.drawing) return;
    if (s.seq === prev.seq && s.models.arch === prev.models.arch && s.models.user === prev.models.user && s.grid.methods === prev.grid.methods && s.grid.positiveOnly === prev.grid.positiveOnly && s.view.tab === prev.view.tab && s.view.compareDataset === prev.view.compareDataset && s.view.present === prev.view.present) return;
    timer ??= setTimeout(flush, ms);
  });
}
