/**
 * The task switch in the header (kept in the URL as ?task=seq): MAJ, three images whose label appears
 * twice, or the sequence task of the thesis's Experiment 1 (§4.2), one image read as T = 1, 4, 7 column
 * strips by Shallow and Deep. A radio group: arrows move between the two, as native radios do.
 */
import type { TaskId } from '../../protocol/messages';
import { useApp } from '../store-context';

const TASKS: { id: TaskId; label: string; title: string }[] = [
  { id: 'maj', label: 'MAJ', title: 'Three images side by side; the label is the class that appears twice (thesis §4.3)' },
  { id: 'seq', label: 'Sequence', title: 'One image read as T = 1, 4 or 7 column strips by Shallow and Deep (thesis §4.2, Experiment 1)' },
];

export function TaskSwitch() {
  const task = useApp((s) => s.seq.task);
  const ready = useApp((s) => s.worker.status === 'ready');
  const setTask = useApp((s) => s.actions.setTask);
  return (
    <div className="task-switch" role="radiogroup" aria-label="Task" data-testid="task.switch" data-task={task}>
      <span className="task-switch-label" aria-hidden="true">
        Task
      </span>
      <div className="seg">
        {TASKS.map((t) => (
          <label key={t.id} className={task === t.id ? 'on' : ''} title={t.title}>
            <input type="radio" name="task" value={t.id} checked={task === t.id} disabled={!ready} data-testid={`task.${t.id}`} onChange={() => void setTask(t.id)} />
            {t.label}
          </label>
        ))}
      </div>
    </div>
  );
}
