/**
 * The sequence task's columns without a bundled model (the zoo's Experiment 1 models are trained and
 * published one by one): says which cells hold untrained random weights, plainly, and offers to load
 * a model trained by the CLI (`rrx train --task seq --T 4 …`) or to train one in the page.
 */
import { DATASET_BASE_LABELS } from '../../format';
import { seqCellsWithoutModel } from '../../lib/seq-columns';
import { useApp } from '../../store-context';

export function SeqModelsNotice() {
  const task = useApp((s) => s.seq.task);
  const dataset = useApp((s) => s.seq.dataset);
  const bundle = useApp((s) => s.models.bundle);
  const setTrainForm = useApp((s) => s.actions.setTrainForm);
  if (task !== 'seq' || bundle === null) return null;
  const missing = seqCellsWithoutModel(bundle.status === 'ready' ? bundle.entries : [], dataset);
  if (!missing.length) return null;
  const all = missing.length === 6;
  const data = DATASET_BASE_LABELS[dataset];
  const chooseFiles = () => (document.querySelector('[data-testid="model.files"]') as HTMLInputElement | null)?.click();
  // The training form set to the sequence task (Deep-4 on this dataset), brought into view.
  const toTraining = () => {
    setTrainForm({ task: 'seq', T: 4, preset: 'deep', dataset });
    const el = document.querySelector('[data-testid="train.panel"]');
    el?.scrollIntoView({ block: 'start' });
    (el?.querySelector('select, input') as HTMLElement | null)?.focus({ preventScroll: true });
  };
  return (
    <div className="notice seq-missing" role="status" data-testid="grid.seq-missing" data-missing={missing.join(',')}>
      <p>
        {all ? (
          <>
            <strong>No sequence-task models are bundled for {data} yet.</strong> The six columns hold untrained random weights, so their heatmaps show no learned
            behaviour.
          </>
        ) : (
          <>
            <strong>{missing.join(', ')}</strong> {missing.length === 1 ? 'has' : 'have'} no bundled model for {data} yet: {missing.length === 1 ? 'its column holds' : 'their columns hold'}{' '}
            untrained random weights.
          </>
        )}{' '}
        Load one trained with <code>rrx train --task seq --T 4 --arch deep</code>, or train one here.
      </p>
      <div className="controls">
        <button type="button" data-testid="grid.seq-load" onClick={chooseFiles}>
          Load a model…
        </button>
        <button type="button" data-testid="grid.seq-train" onClick={toTraining}>
          Train one
        </button>
      </div>
    </div>
  );
}
