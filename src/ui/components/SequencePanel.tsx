/**
 * The sequence: which MAJ test sequence (index, previous/next, random, random of a class), and its
 * three blocks, each drawable, clearable, replaceable by a test image and carrying a class. The
 * label (the class appearing at least twice) and the mask follow the classes.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { ERASER, PEN } from '../lib/brush';
import { parseIndexInput } from '../sequence-nav';
import { useClassName } from '../hooks';
import { DATASET_LABELS, taskDatasetLabel } from '../format';
import { TASK_BLOCKS } from '../lib/task';
import { useApp, useAppStore } from '../store-context';
import { BlockEditor } from './BlockEditor';
import { KeysHelp } from './KeysHelp';
import { ImageUpload } from './upload/ImageUpload';

/**
 * The parts of the sequence the panel shows, each selected on its own: a stroke changes the pixels
 * and the version on every frame, and neither re-renders the panel (the canvases and the version
 * attribute follow the store through `subscribe`).
 */
function useSequenceView() {
  const index = useApp((s) => s.seq.index);
  const n = useApp((s) => s.seq.n);
  const classNames = useApp((s) => s.seq.classNames);
  const blocks = useApp((s) => s.seq.blocks);
  const label = useApp((s) => s.seq.label);
  const mask = useApp((s) => s.seq.mask);
  const edited = useApp((s) => s.seq.edited);
  const shown = useApp((s) => s.seq.shown);
  const error = useApp((s) => s.seq.error);
  const canUndo = useApp((s) => s.seq.undo.length > 0);
  const loaded = useApp((s) => s.seq.pixels !== null);
  return { index, n, classNames, blocks, label, mask, edited, shown, error, canUndo, loaded };
}

/** Keeps `data-version` of the element in step with the view version, without React renders. */
function useVersionAttribute(ref: RefObject<HTMLElement | null>) {
  const store = useAppStore();
  useEffect(() => {
    const write = () => {
      const v = String(store.getState().seq.version);
      if (ref.current && ref.current.dataset.version !== v) ref.current.dataset.version = v;
    };
    write();
    return store.subscribe(write);
  }, [store, ref]);
}

export function SequencePanel() {
  const seq = useSequenceView();
  const actions = useApp((s) => s.actions);
  const blocksRef = useRef<HTMLDivElement>(null);
  useVersionAttribute(blocksRef);
  const ready = useApp((s) => s.worker.status === 'ready');
  const className = useClassName();
  const tool = useApp((s) => s.seq.tool);
  // The sequence task (Experiment 1) shows one 28 × 28 image: one block, its class is the label, no mask.
  const task = useApp((s) => s.seq.task);
  const seqTask = task === 'seq';
  const setTool = actions.setTool;
  const [pickClass, setPickClass] = useState('any');
  const { n, label, mask, loaded } = seq;

  return (
    <section className="panel sequence-panel" aria-labelledby="sequence-title" data-testid="sequence.panel">
      <h2 id="sequence-title">Sequence</h2>
      <div className="controls">
        <IndexInput index={seq.index} n={n} onCommit={(i) => void actions.showIndex(i)} />
        <span className="count" data-testid="sequence.count">
          {n === null ? '' : `of ${n.toLocaleString('en-US')}`}
        </span>
        <button type="button" data-testid="sequence.prev" aria-label="Previous sequence" disabled={n === null} onClick={() => void actions.step(-1)}>
          ◀
        </button>
        <button type="button" data-testid="sequence.next" aria-label="Next sequence" disabled={n === null} onClick={() => void actions.step(1)}>
          ▶
        </button>
      </div>
      <div className="controls">
        <label>
          Label
          <select data-testid="sequence.pick-class" value={pickClass} onChange={(e) => setPickClass(e.target.value)}>
            <option value="any">any</option>
            {seq.classNames.map((c, i) => (
              <option key={i} value={i}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="sequence.random"
          disabled={n === null}
          onClick={() => void (pickClass === 'any' ? actions.random() : actions.randomOfClass(Number(pickClass)))}
        >
          {seqTask ? 'Random test image' : 'Random test sequence'}
        </button>
      </div>

      <div className="tools" role="toolbar" aria-label="Drawing tools">
        <div className="seg" role="radiogroup" aria-label="Brush">
          {(['pen', 'eraser'] as const).map((t) => (
            <label key={t} className={tool === t ? 'on' : ''}>
              <input type="radio" name="tool" value={t} checked={tool === t} data-testid={`sequence.tool.${t}`} onChange={() => setTool(t)} />
              {t === 'pen' ? '✎ Brush' : '⌫ Eraser'}
            </label>
          ))}
        </div>
        <button type="button" data-testid="sequence.undo" disabled={!seq.canUndo} onClick={actions.undo}>
          ↶ Undo
        </button>
        <span className="muted small">Draw with mouse, pen or touch.</span>
        <KeysHelp />
      </div>

      <div ref={blocksRef} className={`blocks ${seqTask ? 'single' : ''}`} data-testid="sequence.blocks" data-task={task} data-edited={seq.edited ? '1' : '0'}>
        {Array.from({ length: TASK_BLOCKS[task] }, (_, k) => {
          const b = seq.blocks[k];
          const on = mask?.[k] === 1;
          const name = seqTask ? 'The image' : `Block ${k + 1}`;
          return (
            <div key={k} className={`block ${on ? 'maj' : ''}`} data-testid={`sequence.blockinfo.${k}`} data-label={b?.label ?? ''} data-on={on ? '1' : '0'}>
              <BlockEditor
                block={k}
                brush={tool === 'pen' ? PEN : ERASER}
                disabled={!loaded || !ready}
                label={`${name}: ${b?.label === null || !b ? 'class not stated' : `class ${className(b.label)}`}${b?.baseIndex !== null && b ? ' (test image)' : ' (drawn)'}`}
              />
              {!seqTask && <div className="mask-bar" aria-hidden="true" />}
              <label className="block-class">
                <span className="sr-only">{seqTask ? 'Class of the image' : `Class of block ${k + 1}`}</span>
                <select
                  data-testid={`sequence.class.${k}`}
                  value={b?.label ?? ''}
                  disabled={!loaded}
                  onChange={(e) => actions.setBlockLabel(k, e.target.value === '' ? null : Number(e.target.value))}
                >
                  <option value="">? class</option>
                  {seq.classNames.map((c, i) => (
                    <option key={i} value={i}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
              <div className="block-actions">
                <button type="button" data-testid={`sequence.clear.${k}`} disabled={!loaded} onClick={() => actions.clearBlock(k)} aria-label={`Clear ${seqTask ? 'the image' : `block ${k + 1}`}`}>
                  Clear
                </button>
                <button
                  type="button"
                  data-testid={`sequence.replace.${k}`}
                  disabled={!loaded}
                  title={b?.label !== null && b ? `A random test image of class ${className(b.label)}` : 'A random test image'}
                  aria-label={`Replace ${seqTask ? 'the image' : `block ${k + 1}`} with a test image${b?.label !== null && b ? ` of class ${className(b.label)}` : ''}`}
                  onClick={() => void actions.replaceBlock(k, b?.label ?? null)}
                >
                  Test image
                </button>
              </div>
            </div>
          );
        })}
      </div>

      <p className="majority" data-testid="sequence.majority" data-label={label ?? ''} aria-live="polite">
        {!loaded ? (
          'Loading…'
        ) : seqTask ? (
          label !== null ? (
            <>
              Class <strong data-testid="sequence.label" data-label={label}>{className(label)}</strong>{' '}
              <span className="muted">
                · read as T column strips, step 1 on the left · {seq.edited || !seq.shown ? 'edited' : `${taskDatasetLabel(seq.shown.dataset, 'seq')} test image #${seq.shown.index}`}
              </span>
            </>
          ) : (
            <>
              <strong data-testid="sequence.label" data-label="">Class not stated</strong> <span className="muted">: the grid explains the predicted class.</span>
            </>
          )
        ) : label !== null ? (
          <>
            Label <strong data-testid="sequence.label" data-label={label}>{className(label)}</strong>{' '}
            <span className="muted">
              (appears in blocks {mask!.flatMap((m, k) => (m ? [k + 1] : [])).join(' and ')}) · {seq.edited || !seq.shown ? 'edited' : `${DATASET_LABELS[seq.shown.dataset]} test #${seq.shown.index}`}
            </span>
          </>
        ) : (
          <>
            <strong data-testid="sequence.label" data-label="">No class appears twice</strong>{' '}
            <span className="muted">: the grid explains the predicted class; cosine scores are n/a.</span>
          </>
        )}
      </p>
      <ImageUpload />
      {seq.error && (
        <p role="alert" className="error" data-testid="sequence.error">
          {seq.error}
        </p>
      )}
    </section>
  );
}

/** The index box: edits are committed on Enter or blur; a bad entry shows why and is not sent. */
function IndexInput({ index, n, onCommit }: { index: number; n: number | null; onCommit: (i: number) => void }) {
  const [text, setText] = useState(String(index));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(String(index));
    setError(null);
  }, [index]);
  const commit = () => {
    if (n === null) return;
    const r = parseIndexInput(text, n);
    if ('error' in r) setError(r.error);
    else if (r.index !== index) onCommit(r.index);
  };
  return (
    <label>
      Test #
      <input
        type="number"
        min={0}
        max={n === null ? undefined : n - 1}
        inputMode="numeric"
        data-testid="sequence.index"
        aria-invalid={error !== null}
        aria-describedby={error ? 'index-error' : undefined}
        value={text}
        disabled={n === null}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {error && (
        <span id="index-error" className="error" role="alert" data-testid="sequence.index-error">
          {error}
        </span>
      )}
    </label>
  );
}
