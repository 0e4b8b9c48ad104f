/** `rrx info`: the thesis's parameter figures, as JSON and as a table; bad options are usage errors. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command, type InfoRow } from './info';
import { runCommand } from '../../../test/run-command';

const capture = (argv: string[]) => runCommand(command, argv);

afterEach(() => vi.restoreAllMocks());

describe('rrx info', () => {
  it('--json lists every preset at its thesis T with the thesis and true counts', async () => {
    const { code, out } = await capture(['--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as InfoRow[];
    const key = (r: InfoRow) => `${r.id} ${r.task} T=${r.T}`;
    const got = Object.fromEntries(rows.map((r) => [key(r), r.params]));
    expect(got).toEqual({
      'shallow seq T=4': { thesis: 184_330, true: 184_330 },
      'shallow seq T=7': { thesis: 162_826, true: 162_826 },
      'shallow seq T=1': { thesis: 269_322, true: 334_858 },
      'shallow maj T=12': { thesis: 184_330, true: 184_330 },
      'deep seq T=4': { thesis: 153_578, true: 153_578 },
      'deep seq T=7': { thesis: 132_074, true: 132_074 },
      'deep seq T=1': { thesis: 271_338, true: 304_106 },
      'deep maj T=12': { thesis: 153_578, true: 153_578 },
      'deep-v2 maj T=12': { thesis: 161_386, true: 161_386 },
      'conv-deep maj T=12': { thesis: 151_802, true: 151_802 },
      'conv-plus-deep maj T=12': { thesis: 175_418, true: 175_418 },
      'r-lstm maj T=12': { thesis: 145_701, true: 145_914 },
      'r-lstm-sd maj T=12': { thesis: 145_701, true: 145_914 },
      'deep-sd maj T=12': { thesis: 153_578, true: 153_578 },
      'conv-r-lstm-sd maj T=12': { thesis: 152_125, true: 152_410 },
      'conv-plus-r-lstm-sd maj T=12': { thesis: 175_741, true: 176_026 },
      'conv-r-lstm maj T=12': { thesis: 152_125, true: 152_410 },
      'conv-plus-r-lstm maj T=12': { thesis: 175_741, true: 176_026 },
    });
    expect(Object.keys(rows[0]).sort()).toEqual(['T', 'id', 'params', 'task']);
    expect(new Set(rows.map((r) => r.id)).size).toBe(12);
  });

  it('--arch ID --T n answers for one cell; the task defaults to maj at T = 12, seq otherwise', async () => {
    expect(JSON.parse((await capture(['--arch', 'deep', '--T', '1', '--json'])).out)).toEqual({
      id: 'deep', T: 1, task: 'seq', params: { thesis: 271_338, true: 304_106 },
    });
    expect(JSON.parse((await capture(['--arch', 'conv-r-lstm-sd', '--json'])).out)).toMatchObject({ T: 12, task: 'maj', params: { thesis: 152_125 } });
    expect(JSON.parse((await capture(['--arch', 'deep-v2', '--T', '7', '--json'])).out).params).toEqual({ thesis: 150_634, true: 150_634 });
    expect(JSON.parse((await capture(['--arch', 'deep', '--T', '4', '--task', 'maj', '--json'])).out)).toMatchObject({ task: 'maj', T: 4 });
  });

  it('a T that does not divide the width, an unknown id or a lone --T is a usage error', async () => {
    await expect(command.run(['--arch', 'deep', '--T', '5'])).rejects.toThrow(/does not divide the seq width 28/);
    await expect(command.run(['--arch', 'deep', '--T', '12', '--task', 'seq'])).rejects.toThrow(/does not divide/);
    await expect(command.run(['--arch', 'lstm'])).rejects.toMatchObject({ name: 'UsageError' });
    await expect(command.run(['--T', '4'])).rejects.toMatchObject({ name: 'UsageError' });
  });

  it('prints a readable table with both figures and the reason they differ', async () => {
    const { out } = await capture([]);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+task\s+T\s+c\s+thesis\s+true\s+note$/);
    expect(lines).toHaveLength(19);
    expect(out).toMatch(/shallow\s+Shallow\s+seq\s+1\s+28\s+269,322\s+334,858\s+T=1: thesis omits the 65,536 state-row weights/);
    expect(out).toMatch(/r-lstm\s+R-LSTM\s+maj\s+12\s+7\s+145,701\s+145,914\s+each gate bias counted as 1/);
    expect(out).toMatch(/conv-r-lstm\s+ConvR-LSTM\s+maj.*not in the thesis/);
  });
});
