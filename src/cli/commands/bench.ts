/** `rrx bench <train|explain|all>`: dispatches to the benchmark modules in ../bench. */
import type { Command } from '../command';
import { UsageError } from '../command';

const SUITES: Record<string, () => Promise<{ runBench: (argv: string[]) => Promise<number> }>> = {
  train: () => import('../bench/train'),
  explain: () => import('../bench/explain'),
};

export const command: Command = {
  name: 'bench',
  usage: [
    'Usage: rrx bench <suite> [options]',
    '',
    'Suites:',
    '  train    training throughput (sequences/s) per cell, next to the naive baseline',
    '  explain  ms per explanation per method per cell at batch 1 and 200, next to the naive baseline',
    '',
    'Run `rrx bench <suite> --help` for the options of a suite.',
  ].join('\n'),
  handlesHelp: true,
  async run(argv) {
    const [suite, ...rest] = argv;
    if (!suite || suite === '--help' || suite === '-h') {
      console.log(command.usage);
      return suite ? 0 : 2;
    }
    const load = suite ? SUITES[suite] : undefined;
    if (!load) throw new UsageError(`unknown or missing suite "${suite ?? ''}"; valid: ${Object.keys(SUITES).join(', ')}`);
    const mod = await load();
    return mod.runBench(rest);
  },
};
