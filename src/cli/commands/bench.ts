/** `rrx bench <train|explain|all>`: dispatches to the benchmark modules in ../bench. */
import type { Command } from '../command';
import { UsageError } from '../command';

const SUITES: Record<string, () => Promise<{ runBench: (argv: string[]) => Promise<number> }>> = {
  targets: async () => ({ runBench: (await import('../bench/targets')).runTargets }),
  train: () => import('../bench/train'),
  explain: () => import('../bench/explain'),
};

export const command: Command = {
  name: 'bench',
  usage: [
    'Usage: rrx bench [suite] [options]',
    '',
    'Suites:',
    '  targets  (default) every speed target: ours, the naive baseline, the ratio, the target',
    '  train    training throughput (sequences/s) per cell, next to the naive baseline',
    '  explain  ms per explanation per method per cell at batch 1 and 200, next to the naive baseline',
    '',
    'Run `rrx bench <suite> --help` for the options of a suite.',
  ].join('\n'),
  handlesHelp: true,
  async run(argv) {
    if (argv[0] === '--help' || argv[0] === '-h') {
      console.log(command.usage);
      return 0;
    }
    // No suite (or options first): the targets suite.
    const [suite, ...rest] = argv.length === 0 || argv[0].startsWith('-') ? ['targets', ...argv] : argv;
    const load = SUITES[suite];
    if (!load) throw new UsageError(`unknown or missing suite "${suite ?? ''}"; valid: ${Object.keys(SUITES).join(', ')}`);
    const mod = await load();
    return mod.runBench(rest);
  },
};
