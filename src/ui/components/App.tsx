import type { DatasetId } from '../../protocol/messages';
import { DATASET_LABELS } from '../format';
import { useApp } from '../store-context';
import { PredictionPanel, StepsPanel } from './DetailsPanel';
import { GridPanel } from './grid/GridPanel';
import { ModelsPanel } from './ModelsPanel';
import { SequencePanel } from './SequencePanel';
import { StatusBar } from './StatusBar';
import { TrainPanel } from './TrainPanel';

export function App() {
  const dataset = useApp((s) => s.seq.dataset);
  const ready = useApp((s) => s.worker.status === 'ready');
  const setDataset = useApp((s) => s.actions.setDataset);
  return (
    <div className="app">
      <header className="top">
        <div className="brand">
          <h1>Recurrent Relevance Explorer</h1>
          <p className="muted">LRP and deep Taylor through ReLU recurrent cells on the MAJ task: the label is the class that appears twice. Does the relevance land on those two blocks?</p>
        </div>
        <label className="dataset">
          Dataset
          <select data-testid="sequence.dataset" value={dataset} disabled={!ready} onChange={(e) => void setDataset(e.target.value as DatasetId)}>
            {(Object.keys(DATASET_LABELS) as DatasetId[]).map((d) => (
              <option key={d} value={d}>
                {DATASET_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main>
        <div className="explore">
          <div className="left">
            <SequencePanel />
            <StepsPanel />
          </div>
          <GridPanel />
          <PredictionPanel />
        </div>
        <div className="lower">
          <ModelsPanel />
          <TrainPanel />
        </div>
      </main>
      <StatusBar />
    </div>
  );
}
