/**
 * The explorer's keyboard shortcuts as data (pure): which key does what, and which key events are
 * left alone (typing in a field, keys a focused control handles itself, other modifiers).
 */

export type ShortcutAction = 'prev' | 'next' | 'undo' | 'brush' | 'eraser' | 'random' | 'help' | 'close';

/** The keys as the help lists them, in its order. */
export const SHORTCUTS: readonly { keys: string[]; what: string }[] = [
  { keys: ['←', '→'], what: 'previous / next test sequence' },
  { keys: ['R'], what: 'a random test sequence' },
  { keys: ['B'], what: 'draw with the brush' },
  { keys: ['E'], what: 'draw with the eraser' },
  { keys: ['Ctrl+Z', '⌘Z'], what: 'undo the last edit of the blocks' },
  { keys: ['Alt+←', 'Alt+→'], what: 'the browser’s Back and Forward: the sequences visited' },
  { keys: ['?'], what: 'show or hide these keys' },
];

/** What the event's target is, as far as shortcuts care. */
export interface KeyTarget {
  tagName?: string;
  /** An input's type. */
  type?: string;
  isContentEditable?: boolean;
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  defaultPrevented: boolean;
  target: KeyTarget | null;
}

/** A field that takes typed keys itself: text-like inputs, text areas, selects, editable content. */
export function isTextField(t: KeyTarget | null): boolean {
  if (!t) return false;
  if (t.isContentEditable) return true;
  const tag = (t.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'file', 'color', 'image'].includes((t.type ?? 'text').toLowerCase());
}

/** A control that moves with the arrow keys itself (a radio group, a slider) or takes typed keys. */
export function takesArrows(t: KeyTarget | null): boolean {
  return isTextField(t) || ((t?.tagName ?? '').toUpperCase() === 'INPUT' && ['radio', 'range'].includes((t?.type ?? '').toLowerCase()));
}

/**
 * The shortcut of a key event, or null when the page should leave it alone: already handled by the
 * focused control (tabs, chart bars), typed into a field, or with a modifier it does not use.
 */
export function shortcutFor(e: KeyLike): ShortcutAction | null {
  if (e.defaultPrevented || isTextField(e.target)) return null;
  const key = e.key;
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey && !e.shiftKey && (key === 'z' || key === 'Z')) return 'undo';
  if (mod || e.altKey) return null; // Alt+←/→ are the browser's own Back and Forward
  if (key === 'Escape') return 'close';
  if (key === '?') return 'help';
  if (key === 'ArrowLeft' || key === 'ArrowRight') return takesArrows(e.target) || e.shiftKey ? null : key === 'ArrowLeft' ? 'prev' : 'next';
  if (e.shiftKey || key.length !== 1) return null;
  // Caps Lock gives upper case without Shift.
  return ({ b: 'brush', e: 'eraser', r: 'random' } as const)[key.toLowerCase() as 'b' | 'e' | 'r'] ?? null;
}
