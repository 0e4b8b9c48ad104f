/** A method row's header: the method's name as a button that opens its card (a dialog, loaded on demand), and whether it conserves relevance. */
import { lazy, Suspense, useRef, useState } from 'react';
import { methodInfo } from '../../lib/methods';
import type { CardCell } from './card-cells';

const MethodCard = lazy(() => import('./MethodCard'));

export function RowHeader({ spec, cells }: { spec: string; cells: CardCell[] }) {
  const info = methodInfo(spec);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div role="rowheader" className="rowhead" data-testid="grid.rowhead" data-method={spec}>
      <button
        ref={button}
        type="button"
        className="rowhead-btn"
        aria-haspopup="dialog"
        aria-expanded={open}
        title={`${info.name}: formula, rules per layer, conservation, source`}
        data-testid="grid.method-card"
        onClick={() => setOpen(true)}
      >
        <strong>{info.label}</strong>
        <span className="rowhead-more" aria-hidden="true">
          i
        </span>
        <span className="sr-only">: how it works</span>
      </button>
      {info.conserves && <span className="muted small">conservative</span>}
      {open && (
        <Suspense fallback={null}>
          <MethodCard
            spec={spec}
            cells={cells}
            onClose={() => {
              setOpen(false);
              button.current?.focus();
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
