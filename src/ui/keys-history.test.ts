/** Keyboard shortcuts and the browser-history policy: which key does what, which address gets a new entry. */
import { describe, expect, it } from 'vitest';
import { epochStarts } from './components/charts/TrainCurves';
import { historyMode, sequenceKey } from './history-policy';
import { historySync } from './history-sync';
import { isTextField, shortcutFor, type KeyLike } from './lib/shortcuts';
import { DEFAULT_URL_STATE, parseUrlState, type UrlState } from './url-state';

const key = (k: string, p: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, defaultPrevented: false, target: { tagName: 'BODY' }, ...p });

describe('shortcutFor', () => {
  it('maps the arrows, R, B, E, Ctrl/⌘+Z, ? and Escape', () => {
    expect(['ArrowLeft', 'ArrowRight', 'r', 'b', 'e', '?', 'Escape', 'x', 'Enter'].map((k) => shortcutFor(key(k)))).toEqual(['prev', 'next', 'random', 'brush', 'eraser', 'help', 'close', null, null]);
    expect([shortcutFor(key('z', { ctrlKey: true })), shortcutFor(key('z', { metaKey: true })), shortcutFor(key('Z', { ctrlKey: true }))]).toEqual(['undo', 'undo', 'undo']);
    expect(shortcutFor(key('B'))).toBe('brush'); // Caps Lock
    expect(shortcutFor(key('?', { shiftKey: true }))).toBe('help'); // "?" is Shift+/ on most layouts
  });

  it('leaves alone what is typed into a field, handled by the focused control, or has another modifier', () => {
    for (const target of [{ tagName: 'INPUT', type: 'number' }, { tagName: 'INPUT' }, { tagName: 'TEXTAREA' }, { tagName: 'SELECT' }, { tagName: 'DIV', isContentEditable: true }]) {
      expect(['ArrowRight', 'r', 'b', '?'].map((k) => shortcutFor(key(k, { target })))).toEqual([null, null, null, null]);
      expect(shortcutFor(key('z', { ctrlKey: true, target }))).toBeNull(); // the field's own undo
    }
    expect(shortcutFor(key('ArrowRight', { defaultPrevented: true }))).toBeNull(); // tabs, chart bars
    expect(shortcutFor(key('ArrowRight', { altKey: true }))).toBeNull(); // the browser's Forward
    expect(shortcutFor(key('r', { ctrlKey: true }))).toBeNull(); // reload
    expect(shortcutFor(key('z', { ctrlKey: true, shiftKey: true }))).toBeNull(); // redo: not offered
    expect(shortcutFor(key('ArrowRight', { shiftKey: true }))).toBeNull();
    // A radio group moves with the arrows itself; letters still work there, as on buttons and check boxes.
    const radio = { tagName: 'INPUT', type: 'radio' };
    expect([shortcutFor(key('ArrowLeft', { target: radio })), shortcutFor(key('e', { target: radio }))]).toEqual([null, 'eraser']);
    expect(shortcutFor(key('ArrowLeft', { target: { tagName: 'INPUT', type: 'checkbox' } }))).toBe('prev');
    expect(shortcutFor(key('ArrowLeft', { target: { tagName: 'BUTTON' } }))).toBe('prev');
    expect([isTextField(null), isTextField({ tagName: 'input', type: 'SEARCH' }), isTextField({ tagName: 'input', type: 'button' })]).toEqual([false, true, false]);
  });
});

describe('history policy', () => {
  it('a new entry for another test index or dataset; the current one rewritten for edits and everything else', () => {
    expect(historyMode('?index=3', '?index=4')).toBe('push');
    expect(historyMode('', '?index=1')).toBe('push');
    expect(historyMode('?index=3', '?index=3&dataset=fashion')).toBe('push');
    expect(historyMode('?index=3', '?index=3&blocks=1t5.3t6.3t7')).toBe('replace'); // a drawing edit
    expect(historyMode('?index=3&blocks=1t5.3t6.3t7', '?index=3&blocks=1t5.3t6.9t7')).toBe('replace');
    expect(historyMode('?index=3&blocks=1t5.3t6.3t7', '?index=3')).toBe('replace'); // undone
    expect(historyMode('?index=3', '?index=3&arch=deep&pos=1&view=compare')).toBe('replace');
    expect(historyMode('?index=0', '')).toBe('replace'); // index 0 is the default, left out
  });

  it('sequenceKey tells sequences apart and ignores the other parts of the view', () => {
    const a: UrlState = { ...DEFAULT_URL_STATE, index: 5 };
    const withArch: UrlState = { ...a, arch: ['shallow'] };
    expect(sequenceKey(a)).toBe(sequenceKey(withArch));
    expect(sequenceKey(a)).not.toBe(sequenceKey({ ...a, index: 6 }));
    expect(sequenceKey(a)).not.toBe(sequenceKey({ ...a, blocks: [{ label: 1, kind: 'image', baseIndex: 2 }, { label: 1, kind: 'image', baseIndex: 3 }, { label: 4, kind: 'image', baseIndex: 4 }] }));
  });

  it('historySync pushes for another sequence and replaces otherwise, keeping the path and hash', () => {
    const { sync, calls } = fakeHistory('?index=3');
    sync.write('?index=3&pos=1');
    sync.write('?index=4');
    expect(calls).toEqual(['replace /rrx/?index=3&pos=1#x', 'push /rrx/?index=4#x']);
  });

  it('Back shows the entry’s sequence and writes no address until it is shown (no push that cuts off Forward)', async () => {
    const f = fakeHistory('?index=2&blocks=1t5.3t6.3t7');
    f.loc.search = '?index=1'; // Back
    f.pop();
    expect(f.asked).toEqual([1]);
    f.sync.write('?index=2&blocks=1t5.3t6.3t7'); // a debounced write of the view before the restore
    f.sync.write('?index=2');
    expect(f.calls).toEqual([]);
    f.show(1);
    await f.done();
    f.sync.write('?index=1&pos=1');
    expect(f.calls).toEqual(['replace /rrx/?index=1&pos=1#x']);
    // Back onto the sequence already shown (a hash change): nothing to restore.
    f.pop();
    expect(f.asked).toEqual([1]);
  });
});

/** A window, history and store double: the store shows `index`; goTo records and waits until `show`. */
function fakeHistory(search: string) {
  const calls: string[] = [];
  const loc = { pathname: '/rrx/', search, hash: '#x' };
  const listeners: (() => void)[] = [];
  const asked: number[] = [];
  let index = parseUrlState(search).index;
  let release: (() => void) | null = null;
  let restore: Promise<void> = Promise.resolve();
  const state = () => ({
    seq: { dataset: 'mnist', task: 'maj', index, edited: false, pixels: new Uint8Array(1), blocks: [] },
    models: { arch: [], user: [] },
    grid: { methods: [], positiveOnly: false },
    view: { tab: 'explore', compareDataset: 'mnist' },
    actions: {
      goTo: (u: UrlState) => {
        asked.push(u.index);
        restore = new Promise<void>((r) => (release = r));
        return restore;
      },
    },
  });
  const sync = historySync({ getState: state } as never, {
    pushState: (_d: unknown, _t: string, url?: string | URL | null) => {
      calls.push(`push ${url}`);
      loc.search = String(url).replace(/^\/rrx\/|#x$/g, '');
    },
    replaceState: (_d: unknown, _t: string, url?: string | URL | null) => {
      calls.push(`replace ${url}`);
      loc.search = String(url).replace(/^\/rrx\/|#x$/g, '');
    },
  }, { location: loc, addEventListener: (_t: string, l: () => void) => listeners.push(l), removeEventListener: () => undefined } as never);
  return {
    sync,
    calls,
    loc,
    asked,
    pop: () => listeners.forEach((l) => l()),
    show: (i: number) => {
      index = i;
      release?.();
    },
    done: async () => {
      await restore;
      await Promise.resolve();
    },
  };
}

describe('training curves', () => {
  it('mark where each new epoch begins, halfway between its first point and the last of the one before', () => {
    const p = (iteration: number, epoch: number) => ({ iteration, epoch, loss: 1, accuracy: 0.5 });
    expect(epochStarts([p(2, 1), p(4, 1), p(6, 2), p(8, 2), p(10, 3)])).toEqual([
      { iteration: 5, epoch: 2 },
      { iteration: 9, epoch: 3 },
    ]);
    expect(epochStarts([])).toEqual([]);
  });
});
