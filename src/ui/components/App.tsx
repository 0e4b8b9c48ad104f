import { useEffect, type KeyboardEvent } from 'react';
import type { DatasetId } from '../../protocol/messages';
import { DATASET_LABELS, taskDatasetLabel } from '../format';
import type { ViewTab } from '../store';
import { useApp } from '../store-context';
import { ComparePanel } from './compare/ComparePanel';
import { PredictionPanel, StepsPanel } from './DetailsPanel';
import { GridPanel } from './grid/GridPanel';
import { FaithPanel } from './faith/FaithPanel';
import { ModelsPanel } from './ModelsPanel';
import { SequencePanel } from './SequencePanel';
import { TaskSwitch } from './TaskSwitch';
import { StatusBar } from './StatusBar';
import { TrainPanel } from './TrainPanel';

const TABS: { id: ViewTab; label: string }[] = [
  { id: 'explore', label: 'Explore a sequence' },
  { id: 'compare', label: 'Compare architectures' },
];

/** The views as ARIA tabs (automatic activation: ←/→ switch, Home/End jump). */
function ViewTabs() {
  const tab = useApp((s) => s.view.tab);
  const setView = useApp((s) => s.actions.setView);
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = TABS[(to + TABS.length) % TABS.length];
    setView(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Views" onKeyDown={onKey}>
      {TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={tab === t.id}
          aria-controls={`view-${t.id}`}
          tabIndex={tab === t.id ? 0 : -1}
          data-testid={`view.${t.id}`}
          onClick={() => setView(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** Presentation mode (kept in the URL as ?present=1): larger type and controls for a projector; the class on <html> scales every rem. */
function PresentToggle() {
  const present = useApp((s) => s.view.present);
  const setPresent = useApp((s) => s.actions.setPresent);
  useEffect(() => {
    document.documentElement.classList.toggle('present', present);
  }, [present]);
  return (
    <button type="button" className="present-toggle" aria-pressed={present} data-testid="view.present" title="Larger type and controls for a projector (kept in the link)" onClick={() => setPresent(!present)}>
      Presentation mode
    </button>
  );
}

export function App() {
  const dataset = useApp((s) => s.seq.dataset);
  const ready = useApp((s) => s.worker.status === 'ready');
  const setDataset = useApp((s) => s.actions.setDataset);
  const tab = useApp((s) => s.view.tab);
  const task = useApp((s) => s.seq.task);
  return (
    <div className="app">
      <header className="top">
        <div className="brand">
          <h1>Recurrent Relevance Explorer</h1>
          <p className="muted">
            {task === 'seq'
              ? 'LRP and deep Taylor through ReLU recurrent cells reading one image as T column strips (Experiment 1): does the relevance stay on the object, or pile up on the last steps?'
              : 'LRP and deep Taylor through ReLU recurrent cells on the MAJ task: the label is the class that appears twice. Does the relevance land on those two blocks?'}
          </p>
        </div>
        <div className="top-actions">
          <PresentToggle />
          {tab === 'explore' && <TaskSwitch />}
          {tab === 'explore' && (
            <label className="dataset">
              Dataset
              <select data-testid="sequence.dataset" value={dataset} disabled={!ready} onChange={(e) => void setDataset(e.target.value as DatasetId)}>
                {(Object.keys(DATASET_LABELS) as DatasetId[]).map((d) => (
                  <option key={d} value={d}>
                    {taskDatasetLabel(d, task)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      </header>
      <ViewTabs />
      <main>
        {/* The explorer stays mounted while hidden (its drawing, pickers and canvases keep their state); the comparison mounts when shown. */}
        <div role="tabpanel" id="view-explore" aria-labelledby="tab-explore" className="view" hidden={tab !== 'explore'}>
          <div className={`explore ${task === 'seq' ? 'task-seq' : ''}`}>
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
          <FaithPanel />
        </div>
        {tab === 'compare' && (
          <div role="tabpanel" id="view-compare" aria-labelledby="tab-compare" className="view">
            <ComparePanel />
          </div>
        )}
      </main>
      <StatusBar />
    </div>
  );
}
