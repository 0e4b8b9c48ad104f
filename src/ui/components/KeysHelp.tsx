/**
 * The explorer's keyboard shortcuts (lib/shortcuts.ts) and their help: ←/→ step through the test
 * sequences, R a random one, B/E brush and eraser, Ctrl/⌘+Z undo, "?" shows the list. One window
 * listener, active while the explorer is shown; it leaves fields and controls that take the keys alone.
 */
import { useEffect, useRef, useState } from 'react';
import { SHORTCUTS, shortcutFor } from '../lib/shortcuts';
import { useAppStore } from '../store-context';

export function KeysHelp() {
  const store = useAppStore();
  const [open, setOpen] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      if (s.view.tab !== 'explore') return;
      const action = shortcutFor({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, shiftKey: e.shiftKey, defaultPrevented: e.defaultPrevented, target: e.target as HTMLElement | null });
      if (!action) return;
      const a = s.actions;
      const ready = s.seq.n !== null && s.seq.pixels !== null;
      switch (action) {
        case 'help':
          setOpen((o) => !o);
          break;
        case 'close':
          setOpen((o) => {
            if (o) buttonRef.current?.focus();
            return false;
          });
          return; // Escape keeps its other meanings
        case 'prev':
        case 'next':
          if (ready) void a.step(action === 'prev' ? -1 : 1);
          break;
        case 'random':
          if (ready) void a.random();
          break;
        case 'brush':
          a.setTool('pen');
          break;
        case 'eraser':
          a.setTool('eraser');
          break;
        case 'undo':
          a.undo();
          break;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);

  return (
    <span className="keys-help">
      <button ref={buttonRef} type="button" className="small-button" aria-expanded={open} aria-controls="keys-help" data-testid="keys.open" onClick={() => setOpen((o) => !o)}>
        Keys <kbd>?</kbd>
      </button>
      {open && (
        <div id="keys-help" className="keys-pop" role="dialog" aria-labelledby="keys-title" data-testid="keys.help">
          <div className="keys-head">
            <strong id="keys-title">Keyboard shortcuts</strong>
            <button
              ref={closeRef}
              type="button"
              className="icon"
              aria-label="Close the list of keys"
              onClick={() => {
                setOpen(false);
                buttonRef.current?.focus();
              }}
            >
              ×
            </button>
          </div>
          <dl>
            {SHORTCUTS.map((k) => (
              <div key={k.what}>
                <dt>
                  {k.keys.map((key, i) => (
                    <span key={key}>
                      {i > 0 && ' '}
                      <kbd>{key}</kbd>
                    </span>
                  ))}
                </dt>
                <dd>{k.what}</dd>
              </div>
            ))}
          </dl>
          <p className="muted small">Not while typing in a field. Back and Forward move between the sequences visited.</p>
        </div>
      )}
    </span>
  );
}
