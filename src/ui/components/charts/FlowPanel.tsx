/**
 * "Relevance through time" for the selected grid cell (under the time-step chart): opened by its
 * button, the chart of what each step keeps and passes back (FlowChart), its numbers as a table, or
 * why a method has none (a gradient is not split step by step).
 */
import { useId, useMemo, useState } from 'react';
import { relevanceFlow } from '../../../core/metrics/relevanceFlow';
import { fmtSci } from '../../format';
import { flowChartData } from '../../lib/flow-chart';
import { methodInfo } from '../../lib/methods';
import { useApp } from '../../store-context';
import { FlowChart } from './FlowChart';

export function FlowPanel({ slot, method, model }: { slot: string; method: string; model: string }) {
  const [open, setOpen] = useState(false);
  const body = useId();
  const cell = useApp((s) => s.grid.results[slot]?.cells.find((c) => c.method === method));
  const data = useMemo(() => (cell?.state ? flowChartData(relevanceFlow(cell.perStep, cell.state, cell.literal, cell.conservation.target)) : null), [cell]);
  const label = methodInfo(method).label;
  // Float32 rounding leaves ~1e-9 of "lost" relevance at a conservative rule: shown as ≈ 0.
  const lost = (v: number) => (data && Math.abs(v) < 1e-6 * Math.max(1e-12, data.output) ? '≈ 0' : fmtSci(v));
  return (
    <div className="flow-panel" data-testid="flow.panel" data-open={open ? '1' : '0'}>
      <button type="button" className="flow-toggle" aria-expanded={open} aria-controls={body} data-testid="flow.toggle" onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} Relevance through time
      </button>
      {open && (
        <div id={body} className="flow-body">
          {!cell ? (
            <p className="muted">…</p>
          ) : data && !(data.output > 0) ? (
            <p className="muted small" data-testid="flow.none">
              {data.summary} (LRP starts from relu(y_c) of the explained class.)
            </p>
          ) : !data ? (
            <p className="muted small" data-testid="flow.none">
              {label} is a gradient method: its relevance is not handed back step by step, so it has no flow through time. Select a deep Taylor or LRP cell.
            </p>
          ) : (
            <>
              <p className="muted small">
                {label} on {model}: what reaches each step from the later ones splits into what the step keeps on its input and what it passes back{data.literal ? ' through the state and the literal connections' : ' through the state'}.
              </p>
              <FlowChart data={data} title={`${label} on ${model}`} />
              <details className="flow-numbers">
                <summary>The numbers</summary>
                <table data-testid="flow.table">
                  <thead>
                    <tr>
                      <th scope="col">Step</th>
                      <th scope="col">reaches</th>
                      <th scope="col">kept</th>
                      <th scope="col">passed{data.literal ? ' (state)' : ''}</th>
                      {data.literal && <th scope="col">(literal)</th>}
                      <th scope="col">lost</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...data.rows].reverse().map((r) => (
                      <tr key={r.step}>
                        <th scope="row">{r.step}</th>
                        <td>{fmtSci(r.arrives)}</td>
                        <td>{fmtSci(r.kept)}</td>
                        <td>{fmtSci(r.passedState)}</td>
                        {data.literal && <td>{fmtSci(r.passedLiteral)}</td>}
                        <td>{lost(r.lost)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="muted small">
                  Output relu(y_c) = {fmtSci(data.output)}. Rows in the order the relevance flows, from the last step back to the first; “passed” goes to the
                  step below.
                </p>
              </details>
            </>
          )}
        </div>
      )}
    </div>
  );
}
