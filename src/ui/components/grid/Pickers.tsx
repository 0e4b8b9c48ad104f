/** The grid's row and column choosers: disclosure menus of checkboxes (keyboard-operable, labelled). */
import { PRESETS, PRESET_IDS } from '../../../core/cells/presets';
import { bundledFor } from '../../lib/bundle-index';
import { METHOD_SPECS, methodInfo } from '../../lib/methods';
import { MAX_ARCH } from '../../slices/models';
import { useApp } from '../../store-context';

export function MethodPicker() {
  const methods = useApp((s) => s.grid.methods);
  const toggle = useApp((s) => s.actions.toggleMethod);
  return (
    <details className="picker" data-testid="grid.methods">
      <summary>Methods ({methods.length})</summary>
      <fieldset>
        <legend className="sr-only">Methods shown as rows</legend>
        {METHOD_SPECS.map((spec) => {
          const info = methodInfo(spec);
          return (
            <label key={spec} title={info.description}>
              <input
                type="checkbox"
                checked={methods.includes(spec)}
                disabled={methods.length === 1 && methods.includes(spec)}
                data-testid={`grid.method.${spec}`}
                onChange={() => toggle(spec)}
              />
              {info.label}
            </label>
          );
        })}
      </fieldset>
    </details>
  );
}

export function ArchPicker() {
  const arch = useApp((s) => s.models.arch);
  const toggle = useApp((s) => s.actions.toggleArch);
  const bundle = useApp((s) => s.models.bundle);
  const dataset = useApp((s) => s.seq.dataset);
  const entries = bundle?.status === 'ready' ? bundle.entries : [];
  return (
    <details className="picker" data-testid="grid.archs">
      <summary>Architectures ({arch.length})</summary>
      <fieldset>
        <legend className="sr-only">Architectures shown as columns (at most {MAX_ARCH})</legend>
        {PRESET_IDS.map((id) => {
          // Which architectures have a bundled model on this dataset (the others get random weights).
          const b = bundledFor(entries, id, dataset);
          return (
            <label key={id}>
              <input
                type="checkbox"
                checked={arch.includes(id)}
                disabled={!arch.includes(id) && arch.length >= MAX_ARCH}
                data-testid={`grid.arch.${id}`}
                onChange={() => toggle(id)}
              />
              {PRESETS[id].name}
              {b && <span className="muted small">{b.status === 'in-training' ? 'in training' : 'pretrained'}</span>}
            </label>
          );
        })}
      </fieldset>
    </details>
  );
}
