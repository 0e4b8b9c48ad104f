/** The shape of one rrx command, and small helpers for argument parsing with node:util parseArgs. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Command {
  name: string;
  /** Full help text, printed by `rrx <name> --help`. */
  usage: string;
  /** True when the command prints its own help for sub-commands (e.g. `rrx bench train --help`). */
  handlesHelp?: boolean;
  /** Runs the command; returns the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** A bad command line: main() prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** parseArgs in strict mode; unknown or malformed options become a UsageError. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // Node's "argument is ambiguous" text is three lines; say it in one, with the fix.
    const m = /^Option '(--[\w-]+)(?: <value>)?' argument is ambiguous/.exec(e.message);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && m) {
      const i = argv.indexOf(m[1]);
      const value = i >= 0 ? argv[i + 1] : undefined;
      throw new UsageError(`${m[1]} ${value ?? ''}: a value that starts with "-" must be written ${m[1]}=${value ?? '-…'}`.replace(/ +:/, ':'));
    }
    throw new UsageError(e.message.split('\n')[0].slice(0, 300));
  }
}

/** Parse an integer option; undefined stays undefined; anything else non-integer is a UsageError. */
export function intOpt(name: string, v: string | undefined, min = -Infinity, max = Infinity): number | undefined {
  if (v === undefined) return undefined;
  // Decimal digits only: Number('') is 0 and Number('0x10') is 16, neither of which the user meant.
  const n = /^[+-]?\d{1,16}$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got "${v.slice(0, 40)}"`);
  return n;
}

/** Parse a finite number option. */
export function numOpt(name: string, v: string | undefined, min = -Infinity, max = Infinity): number | undefined {
  if (v === undefined) return undefined;
  const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number in [${min}, ${max}], got "${v.slice(0, 40)}"`);
  return n;
}

/** One of a fixed list of choices. */
export function choiceOpt<C extends string>(name: string, v: string | undefined, choices: readonly C[]): C | undefined {
  if (v === undefined) return undefined;
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${v.slice(0, 40)}${v.length > 40 ? '…' : ''}"`);
  return v as C;
}
