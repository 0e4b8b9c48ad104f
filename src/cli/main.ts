/**
 * rrx: the command line over the core. Each command lives in ./commands/<name>.ts and exports
 * `command: Command`. Commands are loaded lazily so that `rrx data` does not load TF.js.
 */
import type { Command } from './command';

/** Every command, in the order `rrx --help` lists them. */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  data: { summary: 'Report the prepared datasets (counts, class counts, checksums)', load: () => import('./commands/data') },
  sample: { summary: 'Print or draw one sequence of a task', load: () => import('./commands/sample') },
  info: { summary: 'Cells and their parameter counts (thesis figure and true count)', load: () => import('./commands/info') },
  train: { summary: 'Train a cell on a task', load: () => import('./commands/train') },
  explain: { summary: 'Explain one sequence with one method', load: () => import('./commands/explain') },
  eval: { summary: 'Accuracy and explanation metrics of a model', load: () => import('./commands/eval') },
  zoo: { summary: 'The thesis zoo: plan, run, status, evaluate and publish its training jobs', load: () => import('./commands/zoo') },
  study: { summary: 'The cross-validated study: plan, run (job arrays) and report (ANOVA, Tukey HSD) its trainings', load: () => import('./commands/study') },
  report: { summary: 'Write docs/reproduction.md from the bundled models and their evaluations', load: () => import('./commands/report') },
  bench: { summary: 'Benchmarks (train, explain) next to the naive baseline', load: () => import('./commands/bench') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(width)}  ${v.summary}`);
  return ['Usage: rrx <command> [options]', '', 'Commands:', ...lines, '', 'Run `rrx <command> --help` for the options of a command.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    console.error(`rrx: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const { command } = await entry.load();
  if (!command.handlesHelp && (rest.includes('--help') || rest.includes('-h'))) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    const e = err as Error;
    if (e.name === 'UsageError') {
      console.error(`rrx ${name}: ${e.message}\n\n${command.usage}`);
      return 2;
    }
    const msg = String(e?.message ?? err);
    console.error(`rrx ${name}: ${msg.length > 2000 ? `${msg.slice(0, 2000)}… (${msg.length} characters)` : msg}`);
    if (process.env.RRX_DEBUG) console.error(e.stack);
    return 1;
  }
}
