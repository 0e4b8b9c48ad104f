/**
 * Column titles that name each model uniquely. A title is the architecture's name ("Deep") when no
 * other column shares it; columns that share it add what tells them apart ("Deep · bundled",
 * "Deep · MNIST-MAJ · 500 seq"), and titles still equal then get a number ("… #2").
 */

export interface TitleParts {
  /** The architecture's display name, e.g. "Deep". */
  base: string;
  /** What tells this model apart from others of the same architecture (null: nothing known). */
  qualifier: string | null;
}

/** One unique title per column, in the columns' order. */
export function uniqueTitles(cols: readonly TitleParts[]): string[] {
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const bases = count(cols.map((c) => c.base));
  const titles = cols.map((c) => (bases.get(c.base)! > 1 && c.qualifier ? `${c.base} · ${c.qualifier}` : c.base));
  const repeated = count(titles);
  const taken = new Set(titles);
  const seen = new Map<string, number>();
  return titles.map((t) => {
    if (repeated.get(t)! === 1) return t;
    const k = (seen.get(t) ?? 0) + 1;
    seen.set(t, k);
    if (k === 1) return t;
    let n = k;
    while (taken.has(`${t} #${n}`)) n++;
    taken.add(`${t} #${n}`);
    return `${t} #${n}`;
  });
}

/**
 * What tells a column's model apart: a bundled or untrained architecture column says so; a model
 * of this browser gives its stored name without the architecture's prefix ("Deep · MNIST-MAJ · 500 seq"
 * → "MNIST-MAJ · 500 seq"), or how it came ("trained here", "uploaded").
 */
export function qualifierOf(col: { kind: 'arch' | 'user'; source: string | null; storedName: string | null; base: string }): string | null {
  if (col.kind === 'user') {
    const name = col.storedName?.startsWith(`${col.base} · `) ? col.storedName.slice(col.base.length + 3) : col.storedName;
    if (name) return name;
  }
  switch (col.source) {
    case 'bundled':
      return 'bundled';
    case 'init':
      return 'untrained';
    case 'trained':
      return 'trained here';
    case 'file':
      return 'uploaded';
    case 'stored':
      return 'stored';
    default:
      return null;
  }
}
