/**
 * The view slice: which part of the page is shown (the explorer with its grid, or the architecture
 * comparison), the comparison's dataset, and its evaluation files. These are fetched only when the
 * comparison is shown, once per file (lib/zoo-eval.ts); a bar of the comparison opens its cell and
 * method in the grid through the models and grid slices' actions.
 */
import { THESIS_CELLS, type PresetId } from '../../core/cells/presets';
import type { DatasetId } from '../../protocol/messages';
import { bundledFor, type BundleEntry } from '../lib/bundle-index';
import type { EvalLoad } from '../lib/comparison';
import { parseZooEval } from '../lib/zoo-eval';
import { message, type AppState, type SliceContext, type ViewTab } from '../store';
import { columnsFor, MAX_ARCH } from './models';

export function createViewSlice(ctx: SliceContext) {
  const { get, set, patch, deps } = ctx;

  const setEval = (id: string, load: EvalLoad) => set((s) => ({ view: { ...s.view, evals: { ...s.view.evals, [id]: load } } }));

  /** Evaluation files being fetched, by entry id (a second caller waits for the same fetch). */
  const inflight = new Map<string, Promise<void>>();

  const fetchEval = async (id: string, url: string) => {
    setEval(id, { status: 'loading' });
    try {
      const r = parseZooEval(new TextDecoder().decode(await deps.fetchBytes(url)));
      setEval(id, r.ok ? { status: 'ready', eval: r.eval } : { status: 'error', error: r.error });
    } catch (err) {
      setEval(id, { status: 'error', error: message(err) });
    }
  };

  /** Fetches the comparison dataset's evaluation files not fetched yet; resolves when all of them are in. */
  const loadEvals = async () => {
    const s = get();
    if (s.view.tab !== 'compare' || s.models.bundle?.status !== 'ready') return;
    const entries = s.models.bundle.entries;
    const wanted = THESIS_CELLS.map((p) => bundledFor(entries, p, s.view.compareDataset)).filter((e): e is BundleEntry & { evalUrl: string } => e?.evalUrl !== undefined);
    await Promise.all(
      wanted.map((e) => {
        const known = get().view.evals[e.id];
        if (known && known.status !== 'loading') return undefined;
        let p = inflight.get(e.id);
        if (!p) {
          p = fetchEval(e.id, e.evalUrl).finally(() => inflight.delete(e.id));
          inflight.set(e.id, p);
        }
        return p;
      }),
    );
  };

  const state: AppState['view'] = { tab: 'explore', compareDataset: 'mnist', evals: {}, reveal: null, present: false };

  const actions = {
    loadEvals,
    revealDone: () => patch('view', { reveal: null }),
    setPresent: (on: boolean) => patch('view', { present: on }),
    setView(tab: ViewTab) {
      patch('view', { tab });
      void loadEvals();
    },
    setCompareDataset(dataset: DatasetId) {
      patch('view', { compareDataset: dataset });
      void loadEvals();
    },
    /**
     * Shows `preset` with method `spec` on `dataset` in the grid: adds the architecture's column
     * (replacing the last one when all MAX_ARCH are taken) and the method's row where missing,
     * switches the dataset if needed (its bundled model then loads), selects that cell and asks
     * the grid to bring it into view and focus it (`reveal`).
     */
    async openInGrid(preset: PresetId, spec: string, dataset: DatasetId) {
      const a = ctx.actions();
      // The comparison is of the MAJ zoo: its cells are columns of the MAJ task.
      if (get().seq.task !== 'maj') await a.setTask('maj');
      const s = get();
      let arch = s.models.arch;
      if (!arch.includes(preset)) arch = arch.length < MAX_ARCH ? [...arch, preset] : [...arch.slice(0, MAX_ARCH - 1), preset];
      const col = columnsFor({ arch, user: s.models.user, bundle: s.models.bundle, dataset }).find((c) => c.kind === 'arch' && c.preset === preset)!;
      patch('models', { arch });
      patch('view', { tab: 'explore', reveal: { slot: col.slot, method: spec } });
      a.select(spec, col.slot);
      if (!s.grid.methods.includes(spec)) a.setMethods([...s.grid.methods, spec]);
      if (dataset !== s.seq.dataset) await a.setDataset(dataset); // loads the dataset's models for the columns
      else await a.ensureModels();
    },
  };
  return { state, actions };
}
