import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { loadSequenceSet } from '../../node/data';
import { command, renderSample } from './sample';
import { runCommand } from '../../../test/run-command';

const run = (argv: string[]) => runCommand(command, argv);

describe('rrx sample', () => {
  it('--json gives label, mask, blocks and 28 rows of 84 scaled pixels equal to the batch', async () => {
    const { code, out } = await run(['--dataset', 'mnist', '--task', 'maj', '--T', '12', '--split', 'test', '--index', '0', '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect([r.dataset, r.task, r.split, r.index, r.T, r.columnsPerStep, r.width, r.fold]).toEqual(['mnist', 'maj', 'test', 0, 12, 7, 84, null]);
    expect(r.label).toBe(7); // MAJ test #0 is built on MNIST test image 0, a 7
    expect(r.mask.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    expect(r.blocks.filter((b: { label: number }) => b.label === 7)).toHaveLength(2);
    expect(r.blocks).toContainEqual({ part: 'test', index: 0, label: 7 });
    expect(r.pixels).toHaveLength(28);
    expect(r.pixels[0]).toHaveLength(84);
    const set = await loadSequenceSet({ dataset: 'mnist', task: 'maj', split: 'test' });
    const x = set.batch([0]);
    expect(r.pixels[14][40]).toBeCloseTo(x[14 * 84 + 40], 6);
    expect(r.steps).toBeUndefined();
  });

  it('--steps adds T vectors of 28·c values laid out row-major', async () => {
    const { out } = await run(['--dataset', 'fashion', '--task', 'seq', '--split', 'val', '--index', '5', '--T', '7', '--json', '--steps']);
    const r = JSON.parse(out);
    expect([r.mask, r.width, r.steps.length, r.steps[0].length]).toEqual([null, 28, 7, 112]);
    expect(r.steps[3][10 * 4 + 2]).toBe(r.pixels[10][3 * 4 + 2]);
  });

  it('bad arguments are UsageErrors; an index out of range is a clear Error', async () => {
    await expect(command.run(['--T', '5'])).rejects.toMatchObject({ name: 'UsageError', message: '--T 5 does not divide the maj image width 84; valid: 1, 2, 3, 4, 6, 7, 12, 14, 21, 28, 42, 84' });
    await expect(command.run(['--task', 'seq', '--T', '12'])).rejects.toMatchObject({ name: 'UsageError' });
    await expect(command.run(['--dataset', 'cifar'])).rejects.toMatchObject({ name: 'UsageError', message: '--dataset must be one of mnist, fashion, got "cifar"' });
    await expect(command.run(['--index', '-1'])).rejects.toMatchObject({ name: 'UsageError' });
    await expect(command.run(['--steps'])).rejects.toMatchObject({ name: 'UsageError' });
    await expect(command.run(['--split', 'val', '--index', '12000'])).rejects.toThrow('--index 12000 is out of range: mnist maj val has 12000 sequences (0…11999)');
  });

  it('--png writes a magnified image with step lines and green/red block frames', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rrx-')), 's.png');
    const { out } = await run(['--index', '0', '--png', file]);
    expect(out).toContain('(672×224)');
    const png = PNG.sync.read(readFileSync(file));
    expect([png.width, png.height]).toEqual([672, 224]);
    const at = (x: number, y: number) => Array.from(png.data.subarray((y * 672 + x) * 4, (y * 672 + x) * 4 + 3));
    const set = await loadSequenceSet({ dataset: 'mnist', task: 'maj', split: 'test' });
    const mask = Array.from(set.masks!.subarray(0, 3));
    for (let b = 0; b < 3; b++) expect(at(b * 224 + 100, 0)).toEqual(mask[b] ? [40, 210, 70] : [235, 50, 50]);
    expect(at(56, 100)).toEqual([40, 110, 255]); // boundary between steps 0 and 1 (7 columns × 8)
    const raw = set.rawPixels(0);
    expect(at(13 * 8 + 3, 14 * 8 + 3)).toEqual([raw[14 * 84 + 13], raw[14 * 84 + 13], raw[14 * 84 + 13]]);
  });

  it('renderSample draws no frames for seq and one line per step boundary', () => {
    const raw = new Uint8Array(28 * 28).fill(200);
    const img = renderSample(raw, 28, 4, null, 2);
    expect([img.width, img.height]).toEqual([56, 56]);
    let blue = 0;
    for (let x = 0; x < 56; x++) if (img.rgba[(30 * 56 + x) * 4 + 2] === 255 && img.rgba[(30 * 56 + x) * 4] === 40) blue++;
    expect(blue).toBe(3);
    expect(Array.from(img.rgba.subarray(0, 4))).toEqual([200, 200, 200, 255]);
  });
});
