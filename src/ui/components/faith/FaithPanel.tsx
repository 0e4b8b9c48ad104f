/**
 * The faithfulness panel of a grid cell (issue 14, part 2): a sheet along the bottom of the screen, so
 * the sequence's blocks stay in view and drawable above it (at 1024 × 768 the first row's heatmaps
 * too; the sheet covers the scores under them). Two tabs: the region perturbation curves of the cell's model (every method of the grid,
 * the random reference) and the cascading randomisation stepper. It follows the grid's selection,
 * asks again when the sequence changes (after a stroke, not during it), and Escape or × closes it.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useColumns, useColumnTitles } from '../../hooks';
import { methodInfo } from '../../lib/methods';
import type { FaithTool } from '../../slices/faith';
import { useApp } from '../../store-context';
import { PerturbationView } from './PerturbationView';
import { RandomisationView } from './RandomisationView';
import './faith.css';

const TABS: { id: FaithTool; label: string }[] = [
  { id: 'perturbation', label: 'Region perturbation' },
  { id: 'randomisation', label: 'Randomisation' },
];

export function FaithPanel() {
  const open = useApp((s) => s.faith.open);
  return open ? <FaithSheet tool={open.tool} slot={open.slot} method={open.method} /> : null;
}

function FaithSheet({ tool, slot, method }: { tool: FaithTool; slot: string; method: string }) {
  const actions = useApp((s) => s.actions);
  const columns = useColumns();
  const titles = useColumnTitles(columns);
  const version = useApp((s) => s.seq.version);
  const drawing = useApp((s) => s.seq.drawing);
  const label = useApp((s) => s.seq.label);
  const methods = useApp((s) => s.grid.methods);
  const summary = useApp((s) => s.models.slots[slot]?.summary ?? null);
  const selected = useApp((s) => s.grid.selected);
  const closeBtn = useRef<HTMLButtonElement>(null);

  // Ask for the open tool's result whenever what it depends on changed (the slice skips a current one).
  useEffect(() => actions.runFaith(), [actions, tool, slot, version, drawing, label, methods, summary]);

  // Another cell selected in the grid: the panel follows it.
  const lastSel = useRef(selected);
  useEffect(() => {
    if (selected === lastSel.current) return;
    lastSel.current = selected;
    if (selected && (selected.slot !== slot || selected.method !== method)) actions.openFaith(tool, selected.slot, selected.method);
  }, [selected, slot, method, tool, actions]);

  // The model left the grid: nothing to show.
  const present = columns.some((c) => c.slot === slot);
  useEffect(() => {
    if (!present) actions.closeFaith();
  }, [present, actions]);

  // Focus moves into the panel when it opens and back where it was when it closes. The sheet starts
  // below the blocks (their classes and buttons too when that is above 60 % of the height), and at
  // least below the drawable canvases: when those reach further down (presentation mode), the sheet
  // takes the lower half and the page is scrolled so that the canvases end just above it. The page
  // gets room below its content, so everything can still be scrolled above the sheet.
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = document.documentElement;
    closeBtn.current?.focus({ preventScroll: true });
    const place = (scroll: boolean) => {
      const vh = window.innerHeight;
      const rem = parseFloat(getComputedStyle(root).fontSize) || 16;
      const docBottom = (e: Element | null | undefined) => (e ? e.getBoundingClientRect().bottom + window.scrollY : 0);
      const info = docBottom(document.querySelector('[data-testid="sequence.blocks"]')) + 10;
      const canvases = Math.max(0, ...[...document.querySelectorAll('canvas[data-testid^="sequence.block."]')].map(docBottom)) + 18;
      let top = Math.max(0.35 * vh, vh - 34 * rem, Math.min(info, 0.6 * vh));
      let scrollTo = 0;
      if (canvases > top) {
        top = Math.max(top, 0.5 * vh);
        scrollTo = Math.max(0, canvases - top);
      }
      root.style.setProperty('--faith-height', `${Math.round(vh - top)}px`);
      if (scroll) window.scrollTo(0, scrollTo);
    };
    root.classList.add('faith-open');
    place(true);
    const blocks = document.querySelector('[data-testid="sequence.blocks"]');
    const ro = new ResizeObserver(() => place(false));
    if (blocks) ro.observe(blocks);
    const onResize = () => place(false);
    window.addEventListener('resize', onResize);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', onResize);
      root.classList.remove('faith-open');
      root.style.removeProperty('--faith-height');
      if (before?.isConnected) before.focus({ preventScroll: true });
    };
  }, []);

  // Escape closes the sheet wherever the focus is (it is not modal: the grid and the blocks stay
  // usable), unless a modal dialog (a method card, a picture's preview) takes it first.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('dialog:modal')) return;
      actions.closeFaith();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
  const onTabKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tool);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = TABS[(to + TABS.length) % TABS.length];
    actions.openFaith(next.id, slot, method);
    document.getElementById(`faith-tab-${next.id}`)?.focus();
  };

  const model = titles[slot] ?? summary?.name ?? slot;
  return (
    <dialog open className="faith-sheet" aria-labelledby="faith-title" data-testid="faith.panel" data-tool={tool} data-slot={slot} data-method={method}>
      <header className="faith-head">
        <h2 id="faith-title">
          Is the heatmap faithful? <span className="faith-sub">{model}</span>
        </h2>
        <div className="tabs faith-tabs" role="tablist" aria-label="Faithfulness checks" onKeyDown={onTabKey}>
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`faith-tab-${t.id}`}
              aria-selected={tool === t.id}
              aria-controls="faith-body"
              tabIndex={tool === t.id ? 0 : -1}
              data-testid={`faith.tab.${t.id}`}
              onClick={() => actions.openFaith(t.id, slot, method)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <span className="faith-sel muted small">
          selected: <strong>{methodInfo(method).label}</strong>
        </span>
        <button ref={closeBtn} type="button" className="icon close" aria-label="Close the faithfulness checks" data-testid="faith.close" onClick={actions.closeFaith}>
          ×
        </button>
      </header>
      <div role="tabpanel" id="faith-body" aria-labelledby={`faith-tab-${tool}`} className="faith-body">
        {tool === 'perturbation' ? <PerturbationView slot={slot} method={method} model={model} /> : <RandomisationView method={method} model={model} />}
      </div>
    </dialog>
  );
}
