/**
 * Which browser-history entry a new address gets (pure): Back and Forward move between the
 * sequences visited, so a change of sequence (another test index, dataset or task: ◀ ▶, random, the
 * index box, Back/Forward's own restore excepted) is a new entry (history.pushState), and every
 * other change (drawing, block classes, columns, methods, options, tabs) rewrites the current one
 * (history.replaceState): a drawing is one entry however many strokes it took.
 */
import { DEFAULT_URL_STATE, parseUrlState, serializeUrlState, type UrlState } from './url-state';

export type HistoryMode = 'push' | 'replace';

/** The sequence an address shows: its dataset, task and test index (edits of the blocks do not count). */
const sequenceOf = (u: UrlState) => `${u.dataset}:${u.task}:${u.index}`;

/** `push` when `next` (a query string) shows another sequence than `current`, else `replace`. */
export function historyMode(current: string, next: string): HistoryMode {
  return sequenceOf(parseUrlState(current)) === sequenceOf(parseUrlState(next)) ? 'replace' : 'push';
}

/** The sequence part of a view (dataset, task, index, edited blocks) as a query string, to compare two views. */
export function sequenceKey(u: Pick<UrlState, 'dataset' | 'task' | 'index' | 'blocks'>): string {
  return serializeUrlState({ ...DEFAULT_URL_STATE, dataset: u.dataset, task: u.task, index: u.index, blocks: u.blocks });
}
