/**
 * Your own picture in a block (issue 14, part 3): choose a PNG or JPEG ("Your picture…"), paste one
 * (Ctrl+V), or drop one on a block. The file is checked (kind, size, first bytes), decoded by the
 * browser and made MNIST-like by the core (core/data/preprocess-image.ts, the dataset's framing);
 * a dialog shows it before and after, and only "Put in block k" changes the sequence (undoable: Ctrl+Z,
 * as for strokes). A file that is no picture, too large or unreadable gets a message and changes nothing.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { FRAMING, preprocessImage } from '../../../core/data/preprocess-image';
import { greyToRgba } from '../../sequence-image';
import { inkShare, preparePicture, type PreparedPicture } from '../../lib/image-file';
import { useApp } from '../../store-context';
import { decodePicture, paintRgba } from './decode-image';
import './upload.css';

type FramingId = keyof typeof FRAMING;
const FRAMING_LABELS: Record<FramingId, string> = { mnist: 'a digit (MNIST: fit 20 × 20, centre of mass)', fashion: 'a garment (Fashion-MNIST: fit 28 × 28, box centred)' };

interface Pending extends PreparedPicture {
  block: number;
  label: number | null;
  framing: FramingId;
  error: string | null;
}

/** The block a drag or drop is over (its info box in the sequence panel), or null. */
const blockAt = (target: EventTarget | null): { el: HTMLElement; block: number } | null => {
  const el = target instanceof Element ? target.closest<HTMLElement>('[data-testid^="sequence.blockinfo."]') : null;
  if (!el) return null;
  const block = Number(el.dataset.testid!.split('.').pop());
  return Number.isInteger(block) ? { el, block } : null;
};
const hasFiles = (dt: DataTransfer | null) => Boolean(dt && Array.from(dt.types).includes('Files'));
const editable = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

export function ImageUpload() {
  const dataset = useApp((s) => s.seq.dataset);
  const blocks = useApp((s) => s.seq.blocks.length);
  const loaded = useApp((s) => s.seq.pixels !== null);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);

  const take = useCallback(
    async (files: readonly File[], block: number) => {
      setDone(null);
      setError(null);
      if (files.length === 0) return;
      if (files.length > 1) {
        setError(`${files.length} files at once: choose one picture`);
        return;
      }
      const framing: FramingId = dataset === 'fashion' ? 'fashion' : 'mnist';
      setBusy(true);
      const r = await preparePicture(files[0], decodePicture, (img) => preprocessImage(img, FRAMING[framing]));
      setBusy(false);
      if ('error' in r) setError(r.error);
      else setPending({ ...r.picture, block, label: null, framing, error: null });
    },
    [dataset],
  );

  // Paste anywhere (but into a text field), drop on a block.
  useEffect(() => {
    if (!loaded) return;
    let over: HTMLElement | null = null;
    const mark = (el: HTMLElement | null) => {
      if (over === el) return;
      over?.classList.remove('drop-target');
      el?.classList.add('drop-target');
      over = el;
    };
    const onPaste = (e: ClipboardEvent) => {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length === 0 || editable(e.target) || document.querySelector('dialog[open].upload-dialog')) return;
      e.preventDefault();
      void take(files, 0);
    };
    const onDragOver = (e: DragEvent) => {
      const at = blockAt(e.target);
      if (!at || !hasFiles(e.dataTransfer)) return mark(null);
      e.preventDefault(); // allows the drop
      e.dataTransfer!.dropEffect = 'copy';
      mark(at.el);
    };
    const onDrop = (e: DragEvent) => {
      const at = blockAt(e.target);
      mark(null);
      if (!at || !hasFiles(e.dataTransfer)) return;
      e.preventDefault();
      void take(Array.from(e.dataTransfer!.files), at.block);
    };
    const onLeave = (e: DragEvent) => {
      if (!blockAt(e.relatedTarget)) mark(null);
    };
    document.addEventListener('paste', onPaste);
    document.addEventListener('dragover', onDragOver);
    document.addEventListener('drop', onDrop);
    document.addEventListener('dragleave', onLeave);
    return () => {
      mark(null);
      document.removeEventListener('paste', onPaste);
      document.removeEventListener('dragover', onDragOver);
      document.removeEventListener('drop', onDrop);
      document.removeEventListener('dragleave', onLeave);
    };
  }, [loaded, take]);

  return (
    <div className="upload-row" data-testid="upload.panel">
      <button type="button" data-testid="upload.open" disabled={!loaded || busy} onClick={() => input.current?.click()}>
        {busy ? 'Reading…' : '⤒ Your picture…'}
      </button>
      <span className="muted small">PNG or JPEG; or paste one, or drop it on {blocks > 1 ? 'a block' : 'the image'}.</span>
      <input
        ref={input}
        type="file"
        hidden
        accept="image/png,image/jpeg"
        aria-label="Choose a picture for a block"
        data-testid="upload.file"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = ''; // choosing the same file again fires again
          void take(files, 0);
        }}
      />
      {error && (
        <p role="alert" className="error upload-msg" data-testid="upload.error">
          {error}
        </p>
      )}
      {done && !error && (
        <p className="ok upload-msg" data-testid="upload.message" aria-live="polite">
          {done}
        </p>
      )}
      {pending && (
        <PreviewDialog
          pending={pending}
          blocks={blocks}
          onChange={setPending}
          onCancel={() => setPending(null)}
          onDone={(text) => {
            setPending(null);
            setDone(text);
          }}
        />
      )}
    </div>
  );
}

function PreviewDialog({ pending, blocks, onChange, onCancel, onDone }: { pending: Pending; blocks: number; onChange(p: Pending): void; onCancel(): void; onDone(text: string): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const before = useRef<HTMLCanvasElement>(null);
  const after = useRef<HTMLCanvasElement>(null);
  const classNames = useApp((s) => s.seq.classNames);
  const putImage = useApp((s) => s.actions.putImage);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  useEffect(() => {
    const o = pending.original;
    if (before.current) paintRgba(before.current, o.data, o.width, o.height);
  }, [pending.original]);
  useEffect(() => {
    if (after.current) paintRgba(after.current, greyToRgba(pending.pixels), 28, 28);
  }, [pending.pixels]);

  const reframe = (framing: FramingId) => {
    try {
      onChange({ ...pending, framing, pixels: preprocessImage(pending.original, FRAMING[framing]), error: null });
    } catch (err) {
      onChange({ ...pending, framing, error: err instanceof Error ? err.message : String(err) });
    }
  };
  const ink = inkShare(pending.pixels);
  const k = pending.block;
  return (
    <dialog ref={dialog} className="upload-dialog" aria-labelledby="upload-title" data-testid="upload.dialog" onClose={onCancel}>
      <h2 id="upload-title">Your picture into a block</h2>
      <div className="upload-previews">
        <figure>
          <canvas ref={before} className="upload-before" role="img" aria-label={`${pending.name} as chosen, ${pending.original.width} × ${pending.original.height} pixels`} data-testid="upload.before" />
          <figcaption className="small muted">
            {pending.name} · {pending.original.width} × {pending.original.height}
          </figcaption>
        </figure>
        <span className="upload-arrow" aria-hidden="true">
          →
        </span>
        <figure>
          <canvas ref={after} width={28} height={28} className="pixelated upload-after" role="img" aria-label="As the model sees it: 28 × 28, light on black" data-testid="upload.after" data-ink={ink.toFixed(4)} />
          <figcaption className="small muted">as the model sees it · 28 × 28</figcaption>
        </figure>
      </div>
      <p className="small muted upload-steps">
        Made as MNIST was: grey levels; inverted when it is dark on light paper; levels stretched; cropped to the object; scaled to fit{' '}
        {FRAMING[pending.framing].box} × {FRAMING[pending.framing].box} keeping its aspect; {pending.framing === 'mnist' ? 'its centre of mass' : 'its box'} put in the middle of 28 × 28.
      </p>
      <div className="upload-form">
        <label>
          It shows
          <select data-testid="upload.framing" value={pending.framing} onChange={(e) => reframe(e.target.value as FramingId)}>
            {(Object.keys(FRAMING_LABELS) as FramingId[]).map((f) => (
              <option key={f} value={f}>
                {FRAMING_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        <div className="seg" role="radiogroup" aria-label="Into block">
          {Array.from({ length: blocks }, (_, b) => (
            <label key={b} className={b === k ? 'on' : ''}>
              <input type="radio" name="upload-block" value={b} checked={b === k} data-testid={`upload.block.${b}`} onChange={() => onChange({ ...pending, block: b })} />
              Block {b + 1}
            </label>
          ))}
        </div>
        <label>
          Class
          <select data-testid="upload.class" value={pending.label ?? ''} onChange={(e) => onChange({ ...pending, label: e.target.value === '' ? null : Number(e.target.value) })}>
            <option value="">? not stated</option>
            {classNames.map((c, i) => (
              <option key={i} value={i}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </div>
      {pending.error && (
        <p role="alert" className="error" data-testid="upload.dialog-error">
          {pending.error}
        </p>
      )}
      <div className="upload-actions">
        <button type="button" data-testid="upload.cancel" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          data-testid="upload.apply"
          disabled={pending.error !== null}
          onClick={() => {
            putImage(k, pending.pixels, pending.label);
            onDone(`${pending.name} is in block ${k + 1} (↶ Undo or Ctrl+Z takes it back).`);
          }}
        >
          Put in block {k + 1}
        </button>
      </div>
    </dialog>
  );
}
