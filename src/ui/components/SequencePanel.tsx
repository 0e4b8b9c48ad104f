/** The sequence viewer: dataset choice, index navigation, the 28×W canvas, its label and MAJ mask. */
import { useEffect, useRef, useState } from 'react';
import type { DatasetId } from '../../protocol/messages';
import { greyToRgba } from '../sequence-image';
import { parseIndexInput } from '../sequence-nav';
import { useApp } from '../store-context';

const DATASET_LABELS: Record<DatasetId, string> = { mnist: 'MNIST-MAJ', fashion: 'FashionMNIST-MAJ' };
/** CSS pixels per image pixel. */
const SCALE = 6;

export function SequencePanel() {
  const seq = useApp((s) => s.seq);
  const actions = useApp((s) => s.actions);
  const ready = useApp((s) => s.worker.status === 'ready');
  const { sample, n } = seq;
  const width = sample?.width ?? 84;

  return (
    <section className="panel sequence-panel" aria-labelledby="sequence-title" data-testid="sequence.panel">
      <h2 id="sequence-title">Test sequence</h2>
      <div className="controls">
        <label>
          Dataset{' '}
          <select
            data-testid="sequence.dataset"
            value={seq.dataset}
            disabled={!ready}
            onChange={(e) => void actions.setDataset(e.target.value as DatasetId)}
          >
            {(Object.keys(DATASET_LABELS) as DatasetId[]).map((d) => (
              <option key={d} value={d}>
                {DATASET_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        <IndexInput index={seq.index} n={n} onCommit={(i) => void actions.showIndex(i)} />
        <span className="count" data-testid="sequence.count">
          {n === null ? '' : `of ${n.toLocaleString('en-US')}`}
        </span>
        <button type="button" data-testid="sequence.prev" disabled={n === null} onClick={() => void actions.step(-1)}>
          ◀ Previous
        </button>
        <button type="button" data-testid="sequence.next" disabled={n === null} onClick={() => void actions.step(1)}>
          Next ▶
        </button>
        <button type="button" data-testid="sequence.random" disabled={n === null} onClick={() => void actions.random()}>
          Random
        </button>
      </div>

      <figure className="sequence" style={{ width: width * SCALE }}>
        <SequenceCanvas />
        {sample?.mask && (
          <ol className="mask" data-testid="sequence.mask" aria-label="Majority mask by block">
            {sample.mask.map((m, k) => (
              <li key={k} className={m ? 'on' : 'off'} data-testid={`sequence.mask.${k}`} data-on={m ? '1' : '0'}>
                {m ? 'majority' : 'other'}
              </li>
            ))}
          </ol>
        )}
        <figcaption>
          <span>
            Label{' '}
            <strong data-testid="sequence.label" data-label={sample?.label ?? ''}>
              {sample ? `${seq.classNames[sample.label] ?? sample.label}` : '…'}
            </strong>
            {sample && seq.dataset === 'fashion' && <span className="muted"> (class {sample.label})</span>}
          </span>
          <span className="muted" data-testid="sequence.caption">
            {sample ? `${DATASET_LABELS[sample.dataset]} test #${sample.index}` : ''}
          </span>
        </figcaption>
      </figure>
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
      Index{' '}
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

/** The canvas at native resolution (28 × W), scaled by CSS with pixelated rendering. */
function SequenceCanvas() {
  const sample = useApp((s) => s.seq.sample);
  const ref = useRef<HTMLCanvasElement>(null);
  const width = sample?.width ?? 84;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !sample) return;
    ctx.putImageData(new ImageData(greyToRgba(sample.pixels) as Uint8ClampedArray<ArrayBuffer>, sample.width, 28), 0, 0);
  }, [sample]);
  return (
    <canvas
      ref={ref}
      width={width}
      height={28}
      className="pixelated"
      style={{ width: width * SCALE, height: 28 * SCALE }}
      data-testid="sequence.canvas"
      data-index={sample?.index ?? ''}
      data-dataset={sample?.dataset ?? ''}
      role="img"
      aria-label={sample ? `Sequence ${sample.index}: three 28×28 images side by side, label ${sample.label}` : 'Loading sequence'}
    />
  );
}
