/**
 * A short, safe rendering of any JSON value for error messages: at most `max` characters (80 by
 * default), nesting shown to depth 3 then "…", long strings cut with their length noted. Never
 * recurses deeper than that, so a 20,000-deep array or a 100 MB string cannot flood a message or
 * overflow the stack.
 */
export function brief(v: unknown, max = 80): string {
  const s = render(v, 0);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function render(v: unknown, depth: number): string {
  if (v === undefined) return 'nothing';
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v.length > 40 ? `${JSON.stringify(v.slice(0, 40)).slice(0, -1)}…" (${v.length} characters)` : JSON.stringify(v);
  if (depth >= 3) return Array.isArray(v) ? '[…]' : '{…}';
  if (Array.isArray(v)) {
    const items = v.slice(0, 8).map((x) => render(x, depth + 1));
    return `[${items.join(',')}${v.length > 8 ? `,… (${v.length} items)` : ''}]`;
  }
  if (typeof v === 'object') {
    const keys = Object.keys(v as object);
    const items = keys.slice(0, 6).map((k) => `${JSON.stringify(k.slice(0, 30))}:${render((v as Record<string, unknown>)[k], depth + 1)}`);
    return `{${items.join(',')}${keys.length > 6 ? ',…' : ''}}`;
  }
  return typeof v;
}

/** JSON text without a leading UTF-8 byte-order mark (editors on Windows add one). */
export const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
