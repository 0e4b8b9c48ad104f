/**
 * The sequence slice: which test sequence is shown (MAJ: three images; the sequence task: one image,
 * `task`), and the user's edits of its blocks (drawing, clearing, replacing with a test image, stating
 * a block's class, undo). Every change bumps `version` and re-runs the grid; the label and mask follow
 * the blocks' classes (lib/task.ts).
 */
import type { DatasetId, TaskId } from '../../protocol/messages';
import { TASK_BLOCKS, taskLabel } from '../lib/task';
import { clearBlock, putBlock } from '../lib/brush';
import { randomIndex, stepIndex } from '../sequence-nav';
import { message, type AppState, type BlockState, type SliceContext } from '../store';
import type { BlockToken, UrlState } from '../url-state';
import { isSuperseded } from '../../protocol/errors';

const UNDO_LIMIT = 50;
/** Block `block` of a 28-row grey image (84 wide for MAJ, 28 for the sequence task). */
const view = (px: Uint8Array, block: number) => ({ px, stride: px.length / 28, offset: 28 * block, size: 28 });

export function createSequenceSlice(ctx: SliceContext) {
  const { get, patch, worker, deps } = ctx;
  /** The view version when the current stroke began. */
  let strokeFrom = -1;

  /** Makes (pixels, blocks) the explained sequence: label and mask from the classes, a new version, a grid run. */
  const setSequence = (pixels: Uint8Array, blocks: BlockState[], edited: boolean, extra: Partial<AppState['seq']> = {}) => {
    const lm = taskLabel(get().seq.task, blocks.map((b) => b.label));
    // The same mask array when its flags did not change (the views that show it then do not re-render).
    const was = get().seq.mask;
    const mask = lm.mask && was && lm.mask.length === was.length && lm.mask.every((m, k) => m === was[k]) ? was : lm.mask;
    patch('seq', { pixels, blocks, edited, label: lm.label, mask, version: get().seq.version + 1, ...extra });
    ctx.actions().refreshGrid(undefined, { throttle: get().seq.drawing });
  };

  const pushUndo = () => {
    const s = get().seq;
    if (!s.pixels) return;
    patch('seq', { undo: [...s.undo.slice(-(UNDO_LIMIT - 1)), { pixels: s.pixels.slice(), blocks: s.blocks.map((b) => ({ ...b })), edited: s.edited }] });
  };

  const showIndex = async (index: number) => {
    const { dataset, task, split } = get().seq;
    patch('seq', { index, loading: true, error: null });
    try {
      const sample = await worker.call({ kind: 'getSample', dataset, task, split, index });
      const blocks = sample.blocks.map((b) => ({ label: b.label, baseIndex: b.baseIndex }));
      setSequence(sample.pixels, blocks, false, { n: sample.n, loading: false, undo: [], shown: { dataset, index } });
    } catch (err) {
      if (!isSuperseded(err)) patch('seq', { loading: false, error: message(err) });
    }
  };

  const loadDataset = async (dataset: DatasetId) => {
    const { task, split } = get().seq;
    patch('seq', { dataset, loading: true, error: null });
    const info = await worker.call({ kind: 'loadData', dataset, task, split });
    if (get().seq.dataset !== dataset) return null; // switched again meanwhile
    patch('seq', { n: info.n, classNames: info.classNames });
    return info;
  };

  /** The blocks of a shared link (three, or one for the sequence task): test images by index, or drawn pixels. */
  const restoreBlocks = async (tokens: BlockToken[]) => {
    const { dataset } = get().seq;
    const pixels = new Uint8Array(28 * 28 * tokens.length);
    const blocks: BlockState[] = [];
    for (const [k, t] of tokens.entries()) {
      if (t.kind === 'image') {
        const img = await worker.call({ kind: 'getImage', dataset, baseIndex: t.baseIndex });
        putBlock(view(pixels, k), img.pixels);
        blocks.push({ label: t.label, baseIndex: t.baseIndex });
      } else {
        putBlock(view(pixels, k), t.pixels);
        blocks.push({ label: t.label, baseIndex: null });
      }
    }
    setSequence(pixels, blocks, true, { loading: false, undo: [], shown: { dataset, index: get().seq.index } });
  };

  const state: AppState['seq'] = {
    dataset: 'mnist',
    task: 'maj',
    split: 'test',
    index: 0,
    n: null,
    classNames: [],
    pixels: null,
    blocks: [],
    edited: false,
    shown: null,
    label: null,
    mask: null,
    version: 0,
    loading: false,
    error: null,
    undo: [],
    strokeEnd: null,
    drawing: false,
    tool: 'pen',
  };

  const actions = {
    /** Opens the dataset, then the URL's edited blocks (when there are as many as the task has) or its test sequence. */
    async openSequence(url: Pick<UrlState, 'dataset' | 'index' | 'blocks'>) {
      try {
        const info = await loadDataset(url.dataset);
        if (!info) return;
        if (url.blocks && url.blocks.length === TASK_BLOCKS[get().seq.task]) await restoreBlocks(url.blocks);
        else await showIndex(Math.min(url.index, info.n - 1));
      } catch (err) {
        patch('seq', { loading: false, error: message(err) });
      }
    },

    /** Back or Forward: shows the sequence of a history entry (its dataset, task, test index or edited blocks). */
    async goTo(url: Pick<UrlState, 'dataset' | 'index' | 'blocks'> & Partial<Pick<UrlState, 'task'>>) {
      const task = url.task ?? get().seq.task;
      const changed = url.dataset !== get().seq.dataset || task !== get().seq.task;
      if (task !== get().seq.task) patch('seq', { task, pixels: null, blocks: [], undo: [] });
      if (url.blocks) patch('seq', { index: url.index });
      const opened = ctx.actions().openSequence(url);
      if (changed) void ctx.actions().ensureModels(); // the architectures' bundled models depend on the dataset
      await opened;
    },

    setTool: (tool: 'pen' | 'eraser') => patch('seq', { tool }),

    /**
     * MAJ or the sequence task: the task's test set at the same index (clamped), its columns (the
     * sequence task's Shallow and Deep at T = 1, 4, 7: slices/models.ts columnsFor) loaded, the others' freed.
     */
    async setTask(task: TaskId) {
      if (task === get().seq.task) return;
      // The old task's pixels are no sequence of the new one: nothing is explained until the new one is shown.
      patch('seq', { task, pixels: null, blocks: [], edited: false, label: null, mask: null, undo: [], version: get().seq.version + 1 });
      void ctx.actions().ensureModels();
      try {
        const info = await loadDataset(get().seq.dataset);
        if (!info || get().seq.task !== task) return;
        await showIndex(Math.min(get().seq.index, info.n - 1));
      } catch (err) {
        patch('seq', { loading: false, error: message(err) });
      }
    },

    async setDataset(dataset: DatasetId) {
      try {
        const info = await loadDataset(dataset);
        if (!info) return;
        void ctx.actions().ensureModels(); // the architectures' bundled models depend on the dataset
        await showIndex(Math.min(get().seq.index, info.n - 1));
      } catch (err) {
        patch('seq', { loading: false, error: message(err) });
      }
    },

    showIndex,
    step: (delta: number) => {
      const { index, n } = get().seq;
      return n === null ? Promise.resolve() : showIndex(stepIndex(index, delta, n));
    },
    random: (rand?: () => number) => {
      const { index, n } = get().seq;
      return n === null ? Promise.resolve() : showIndex(randomIndex(n, index, rand));
    },
    async randomOfClass(label: number, rand: () => number = Math.random) {
      const { dataset, task, split } = get().seq;
      try {
        const found = await worker.call({ kind: 'findSequence', dataset, task, split, label, pick: Math.floor(rand() * 1e6) });
        await showIndex(found.index);
      } catch (err) {
        if (!isSuperseded(err)) patch('seq', { error: message(err) });
      }
    },

    beginStroke() {
      pushUndo();
      strokeFrom = get().seq.version;
      patch('seq', { drawing: true });
    },
    paint(pixels: Uint8Array, block: number) {
      const now = get().seq.blocks;
      // The same blocks array while the block is already drawn on (nothing that shows them re-renders).
      const blocks = now[block]?.baseIndex === null ? now : now.map((b, k) => (k === block ? { ...b, baseIndex: null } : b));
      setSequence(pixels, blocks, true);
    },
    endStroke() {
      // A stroke that changed no pixel (drawn over saturated ink) asks for nothing and has no latency.
      const version = get().seq.version;
      patch('seq', { drawing: false, strokeEnd: version !== strokeFrom ? { version, t: deps.now() } : null });
      // The stroke's last pixels, for every model that has not been asked for them yet.
      ctx.actions().refreshGrid(undefined, { onlyStale: true });
      ctx.actions().checkLatency();
    },

    clearBlock(block: number) {
      const s = get().seq;
      if (!s.pixels) return;
      pushUndo();
      const px = s.pixels.slice();
      clearBlock(view(px, block));
      setSequence(px, s.blocks.map((b, k) => (k === block ? { label: null, baseIndex: null } : b)), true);
    },

    async replaceBlock(block: number, label: number | null, rand: () => number = Math.random) {
      const s = get().seq;
      if (!s.pixels) return;
      try {
        const img = await worker.call({ kind: 'getImage', dataset: s.dataset, label: label ?? Math.floor(rand() * 10), pick: Math.floor(rand() * 1e6) });
        const now = get().seq;
        if (!now.pixels) return;
        pushUndo();
        const px = now.pixels.slice();
        putBlock(view(px, block), img.pixels);
        setSequence(px, now.blocks.map((b, k) => (k === block ? { label: img.label, baseIndex: img.baseIndex } : b)), true);
      } catch (err) {
        patch('seq', { error: message(err) });
      }
    },

    /** A picture of the user's (28 × 28 grey levels, already made MNIST-like) into a block, its class stated or not; undoable. */
    putImage(block: number, image: Uint8Array, label: number | null) {
      const s = get().seq;
      if (!s.pixels || !s.blocks[block]) return;
      pushUndo();
      const px = s.pixels.slice();
      putBlock(view(px, block), image);
      setSequence(px, s.blocks.map((b, k) => (k === block ? { label, baseIndex: null } : b)), true);
    },

    setBlockLabel(block: number, label: number | null) {
      const s = get().seq;
      if (!s.pixels || s.blocks[block]?.label === label) return;
      pushUndo();
      setSequence(s.pixels, s.blocks.map((b, k) => (k === block ? { ...b, label } : b)), true);
    },

    undo() {
      const s = get().seq;
      const last = s.undo[s.undo.length - 1];
      if (!last) return;
      setSequence(last.pixels, last.blocks, last.edited, { undo: s.undo.slice(0, -1) });
    },
  };
  return { state, actions };
}
