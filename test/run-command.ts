/**
 * Test helper: runs an rrx command in this process and captures what it prints with console.log
 * (stderr, where progress goes, is silenced). Returns the exit code and the printed text.
 */
import { vi } from 'vitest';
import type { Command } from '../src/cli/command';

export async function runCommand(command: Command, argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await command.run(argv);
    return { code, out: lines.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}
