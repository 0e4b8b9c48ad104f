/** Under the selected cell's time-step chart: open its model's faithfulness checks (./FaithPanel.tsx). */
import { methodInfo } from '../../lib/methods';
import { useApp } from '../../store-context';
import './faith.css';

export function FaithButtons({ slot, method, model }: { slot: string; method: string; model: string }) {
  const open = useApp((s) => s.faith.open);
  const openFaith = useApp((s) => s.actions.openFaith);
  const ready = useApp((s) => s.grid.results[slot] !== undefined);
  const on = (tool: 'perturbation' | 'randomisation') => open?.tool === tool && open.slot === slot;
  const what = `${methodInfo(method).label} and the other methods on ${model}`;
  return (
    <div className="faith-buttons" role="group" aria-label="Is the heatmap faithful?">
      <span className="small muted">Faithful?</span>
      <button
        type="button"
        data-testid="faith.open.perturbation"
        aria-pressed={on('perturbation')}
        disabled={!ready}
        title={`Remove the most relevant patches first and watch the logit fall: ${what}`}
        onClick={() => openFaith('perturbation', slot, method)}
      >
        Perturbation curve
      </button>
      <button
        type="button"
        data-testid="faith.open.randomisation"
        aria-pressed={on('randomisation')}
        disabled={!ready}
        title={`Re-initialise the layers from the output down and compare the heatmaps: ${what}`}
        onClick={() => openFaith('randomisation', slot, method)}
      >
        Randomisation
      </button>
    </div>
  );
}
