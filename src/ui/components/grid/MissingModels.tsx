/** Says which browser models of a shared link this browser does not hold (their columns were dropped). */
import { useApp } from '../../store-context';

export function missingText(ids: readonly string[]): string {
  const names = ids.map((id) => `“${id}”`).join(', ');
  const one = ids.length === 1;
  return (
    `This link names ${one ? 'a model' : 'models'} trained in another browser: ${names} ${one ? 'is' : 'are'} not stored here, so ${one ? 'its column is' : 'their columns are'} left out ` +
    '(download it there and load its two files here).'
  );
}

export function MissingModels() {
  const missing = useApp((s) => s.models.missing);
  const dismiss = useApp((s) => s.actions.dismissMissing);
  if (!missing.length) return null;
  return (
    <div className="notice missing-models" role="status" data-testid="grid.missing" data-ids={missing.join(',')}>
      <span>{missingText(missing)}</span>
      <button type="button" className="icon" aria-label="Hide this message" title="Hide this message" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}
