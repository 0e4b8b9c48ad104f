/**
 * Pairs the files chosen in the model file input: one JSON file (model.json) and one weights file
 * (weights.bin). Pure: works on names, so it is tested without a DOM.
 */
export interface NamedFile {
  name: string;
}

export function pairModelFiles<F extends NamedFile>(files: readonly F[]): { json: F; weights: F } | { error: string } {
  const json = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  const rest = files.filter((f) => !f.name.toLowerCase().endsWith('.json'));
  if (files.length !== 2 || json.length !== 1 || rest.length !== 1) {
    const got = files.length === 0 ? 'no files' : files.map((f) => f.name).join(', ');
    return { error: `choose exactly two files, model.json and weights.bin (got ${got})` };
  }
  return { json: json[0], weights: rest[0] };
}
