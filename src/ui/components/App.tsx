import { ModelPanel } from './ModelPanel';
import { SequencePanel } from './SequencePanel';
import { StatusBar } from './StatusBar';
import { TrainPanel } from './TrainPanel';

export function App() {
  return (
    <div className="app">
      <header>
        <h1>Recurrent Relevance Explorer</h1>
        <p className="muted">Explainable ReLU recurrent networks on the MAJ task: three images, label = the class that appears twice.</p>
      </header>
      <main>
        <SequencePanel />
        <div className="side">
          <TrainPanel />
          <ModelPanel />
        </div>
      </main>
      <StatusBar />
    </div>
  );
}
