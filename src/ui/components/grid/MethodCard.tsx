/**
 * A method's card, a modal dialog opened from its row header: the formula (KaTeX), the intuition,
 * which rule runs at which layer of a cell of the grid, conservation and leaks, the thesis source
 * (data: lib/method-card.ts). Loaded on demand (React.lazy): KaTeX is fetched with the first card.
 */
import 'katex/dist/katex.min.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { graphOf, layerRules, methodCard, pixelStep } from '../../lib/method-card';
import { texToHtml } from '../../lib/tex';
import type { CardCell } from './card-cells';

function Tex({ tex, display = false, className }: { tex: string; display?: boolean; className?: string }) {
  const html = useMemo(() => {
    try {
      return texToHtml(tex, display);
    } catch {
      return null;
    }
  }, [tex, display]);
  return html === null ? <code className={className}>{tex}</code> : <span className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

interface Props {
  spec: string;
  cells: CardCell[];
  onClose: () => void;
}

export default function MethodCard({ spec, cells, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [slot, setSlot] = useState(cells[0]?.slot ?? '');
  const cell = cells.find((c) => c.slot === slot) ?? cells[0] ?? null;
  const graph = useMemo(() => (cell ? graphOf(cell) : null), [cell]);
  const card = useMemo(() => methodCard(spec, graph ?? undefined), [spec, graph]);
  const rows = useMemo(() => (graph ? layerRules(spec, graph).reverse() : []), [spec, graph]);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  const id = `method-card-${spec.replace(/[^\w-]/g, '_')}`;
  return (
    <dialog ref={dialog} className="method-card" aria-labelledby={`${id}-title`} data-testid="method-card" data-method={spec} onClose={onClose}>
      <header className="method-card-head">
        <h2 id={`${id}-title`}>
          {card.name}
          {card.label !== card.name && <span className="muted"> · {card.label}</span>}
        </h2>
        <button type="button" className="icon close" aria-label="Close the method card" data-testid="method-card.close" onClick={() => dialog.current?.close()}>
          ×
        </button>
      </header>
      <div className="method-card-formula" data-testid="method-card.formula">
        <Tex tex={card.formula} display />
      </div>
      <p className="method-card-intuition" data-testid="method-card.intuition">
        {card.intuition[0]} {card.intuition[1]}
      </p>
      <dl className="method-card-facts">
        <dt>Starts from</dt>
        <dd>{card.start}</dd>
        <dt>Conserves relevance?</dt>
        <dd data-testid="method-card.conservation" data-conserves={card.conserves ? '1' : '0'}>
          <strong>{card.conserves ? 'Yes. ' : 'No. '}</strong>
          {card.conservation}
          {card.leaks.length > 0 && (
            <ul>
              {card.leaks.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Source</dt>
        <dd data-testid="method-card.source">{card.source}</dd>
      </dl>
      <section className="method-card-rules" aria-labelledby={`${id}-rules`}>
        <div className="method-card-rules-head">
          <h3 id={`${id}-rules`}>Which rule runs where</h3>
          {cells.length > 1 && (
            <label>
              Cell
              <select value={cell?.slot ?? ''} data-testid="method-card.cell" onChange={(e) => setSlot(e.target.value)}>
                {cells.map((c) => (
                  <option key={c.slot} value={c.slot}>
                    {c.title}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {cell && graph ? (
          <>
            <p className="muted small">
              {cells.length === 1 ? `${cell.title}: ` : ''}from the logit back to the pixels, at every one of the {cell.T} steps (derived from the code that runs: the cell’s layers and the method’s rule set).
            </p>
            <table className="method-card-table" data-testid="method-card.rules" data-arch={cell.arch}>
              <thead>
                <tr>
                  <th scope="col">Layer</th>
                  <th scope="col">Computes</th>
                  <th scope="col">Sizes</th>
                  <th scope="col">Rule</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.layer} data-layer={r.layer}>
                    <th scope="row">
                      <code>{r.layer}</code>
                    </th>
                    <td>
                      <Tex tex={r.tex} />
                    </td>
                    <td className="num">{r.sizes}</td>
                    <td>{r.rule}</td>
                  </tr>
                ))}
                <tr data-layer="pixels">
                  <th scope="row">pixels</th>
                  <td colSpan={2}>
                    <Tex tex="x_t \to R" />
                  </td>
                  <td>{pixelStep(spec)}</td>
                </tr>
              </tbody>
            </table>
          </>
        ) : (
          <p className="muted">No cell in the grid to describe.</p>
        )}
      </section>
    </dialog>
  );
}
