/**
 * The label and mask of a MAJ sequence from its blocks' classes (facts §6.2): the label is the
 * class that appears at least twice, the mask marks the blocks holding it. With no repeated class
 * (or too few known classes) there is no label: the grid then explains the predicted class and
 * shows the mask scores as "n/a".
 */
export interface LabelAndMask {
  label: number;
  mask: number[];
}

/** @param classes one class 0…9 per block, or null for a block whose class is not stated */
export function labelAndMask(classes: readonly (number | null)[]): LabelAndMask | null {
  const counts = new Map<number, number>();
  for (const c of classes) if (c !== null) counts.set(c, (counts.get(c) ?? 0) + 1);
  let best: number | null = null;
  for (const [c, n] of counts) if (n >= 2 && (best === null || n > counts.get(best)!)) best = c;
  if (best === null) return null;
  return { label: best, mask: classes.map((c) => (c === best ? 1 : 0)) };
}
