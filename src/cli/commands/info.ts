/**
 * `rrx info`: the cells and their parameter counts, the thesis's figure beside the true count
 * (thesis-code-facts.md §3). Pure arithmetic: loads no TF.js.
 *
 *   rrx info [--json]                                  every preset at its thesis T
 *   rrx info --arch ID [--T n] [--task maj|seq] [--json]  one cell (default T 12; task maj when T = 12, else seq)
 */
import type { Command } from '../command';
import { choiceOpt, intOpt, parse, UsageError } from '../command';
import { getPreset, PRESET_IDS, type PresetId } from '../../core/cells/presets';
import { cellLayout, isLstmArch } from '../../core/cells/cellLayout';
import { paramSpecs } from '../../core/cells/paramSpecs';
import { countParams, t1StateRows, type ParamCount } from '../../core/cells/countParams';
import type { CellOptions } from '../../core/cells/types';

export type Task = 'maj' | 'seq';
export const TASK_WIDTH: Record<Task, number> = { maj: 84, seq: 28 };

/** One row of `rrx info --json`. */
export interface InfoRow {
  id: PresetId;
  T: number;
  task: Task;
  params: ParamCount;
}

/** The rows of the thesis's parameter tables (Tables 4.3, 4.5, 4.6), then the two non-thesis presets. */
export const THESIS_ROWS: [PresetId, number, Task][] = [
  ['shallow', 4, 'seq'],
  ['shallow', 7, 'seq'],
  ['shallow', 1, 'seq'],
  ['shallow', 12, 'maj'],
  ['deep', 4, 'seq'],
  ['deep', 7, 'seq'],
  ['deep', 1, 'seq'],
  ['deep', 12, 'maj'],
  ['deep-v2', 12, 'maj'],
  ['conv-deep', 12, 'maj'],
  ['conv-plus-deep', 12, 'maj'],
  ['r-lstm', 12, 'maj'],
  ['r-lstm-sd', 12, 'maj'],
  ['deep-sd', 12, 'maj'],
  ['conv-r-lstm-sd', 12, 'maj'],
  ['conv-plus-r-lstm-sd', 12, 'maj'],
  ['conv-r-lstm', 12, 'maj'],
  ['conv-plus-r-lstm', 12, 'maj'],
];

function options(id: PresetId, T: number, task: Task): CellOptions {
  const p = getPreset(id);
  return { arch: p.arch, dropout: p.dropout, T, width: TASK_WIDTH[task], bias: 'zero', keepProb: 0.8 };
}

/** The counts of one preset on one task (throws when T does not divide the width). */
export function infoRow(id: PresetId, T: number, task: Task): InfoRow {
  const opts = options(id, T, task);
  const params = paramSpecs(cellLayout(opts), opts.bias);
  return { id, T, task, params: countParams({ options: opts, params }) };
}

/** Why the two figures differ, in a few words ('' when they agree). */
function note(row: InfoRow): string {
  const opts = options(row.id, row.T, row.task);
  const layout = cellLayout(opts);
  const parts: string[] = [];
  if (t1StateRows(layout) > 0) parts.push(`T=1: thesis omits the ${t1StateRows(layout).toLocaleString('en')} state-row weights (note A)`);
  if (isLstmArch(opts.arch)) parts.push('each gate bias counted as 1 (note B)');
  if (!getPreset(row.id).thesis) parts.push('not in the thesis');
  return parts.join('; ');
}

function table(rows: InfoRow[]): string {
  const head = ['id', 'name', 'task', 'T', 'c', 'thesis', 'true', 'note'];
  const body = rows.map((r) => [
    r.id,
    getPreset(r.id).name,
    r.task,
    String(r.T),
    String(TASK_WIDTH[r.task] / r.T),
    r.params.thesis.toLocaleString('en'),
    r.params.true.toLocaleString('en'),
    note(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const right = new Set([3, 4, 5, 6]);
  const line = (cells: string[]) =>
    cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n');
}

export const command: Command = {
  name: 'info',
  usage: [
    'Usage: rrx info [--json]',
    '       rrx info --arch ID [--T n] [--task maj|seq] [--json]',
    '',
    'Parameter counts of the cells: the figure the thesis reports and the true number of scalars.',
    'Without --arch: every preset at its thesis T (Shallow and Deep at T = 4, 7, 1 and on MAJ, the rest on MAJ).',
    '',
    'Options:',
    `  --arch ID       one preset: ${PRESET_IDS.join(', ')}`,
    '  --T n           number of steps (default 12); must divide the width',
    '  --task maj|seq  maj = 28×84 images, seq = 28×28 (default maj when T = 12, else seq)',
    '  --json          machine-readable output (see docs/cli.md)',
  ].join('\n'),
  async run(argv) {
    const { values } = parse(argv, {
      arch: { type: 'string' },
      T: { type: 'string' },
      task: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.arch === undefined) {
      if (values.T !== undefined || values.task !== undefined) throw new UsageError('--T and --task need --arch');
      const rows = THESIS_ROWS.map(([id, T, task]) => infoRow(id, T, task));
      console.log(values.json ? JSON.stringify(rows, null, 2) : table(rows));
      return 0;
    }
    const id = choiceOpt('arch', values.arch, PRESET_IDS)!;
    const T = intOpt('T', values.T, 1, 10_000) ?? 12;
    const task = choiceOpt('task', values.task, ['maj', 'seq'] as const) ?? (T === 12 ? 'maj' : 'seq');
    const width = TASK_WIDTH[task];
    if (width % T !== 0) throw new UsageError(`--T ${T} does not divide the ${task} width ${width}`);
    const row = infoRow(id, T, task);
    console.log(values.json ? JSON.stringify(row, null, 2) : table([row]));
    return 0;
  },
};
