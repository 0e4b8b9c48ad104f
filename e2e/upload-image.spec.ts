/**
 * Issue 14, part 3 in the page: your own picture into a MAJ block. A PNG made here (dark ink on light
 * paper, 120 × 120 pixels, a few kB) is chosen, previewed before and after the MNIST-like
 * preprocessing, put in a block (the grid explains it) and taken back with Ctrl+Z; files that are no
 * picture, too large or unreadable are refused with a message and change nothing; a picture dropped
 * on a block opens the preview for that block. Screenshots: test-results/screenshots/upload-*.png.
 */
import AxeBuilder from '@axe-core/playwright';
import { PNG } from 'pngjs';
import { expect, test } from './fixtures/test';

/** A "7": a bar along the top and a slanted stroke down, dark ink on light paper. */
function sevenPng(): Buffer {
  const S = 120;
  const png = new PNG({ width: S, height: S });
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      const bar = y >= 24 && y < 36 && x >= 30 && x < 92;
      const u = (y - 30) / 70; // 0 at the bar, 1 at the foot
      const stem = u >= 0 && u <= 1 && Math.abs(x - (90 - 34 * u)) < 6.5;
      const i = 4 * (y * S + x);
      png.data.fill(bar || stem ? 30 : 235, i, i + 3);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

test.describe('your own picture in a block', () => {
  test('a PNG is previewed before and after, put in block 2 with its class, explained, and undone with Ctrl+Z', async ({ explorer, page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await explorer.open();
    const png = sevenPng();
    expect(png.length).toBeLessThan(50_000);
    const before = { block: await explorer.blockStats(1), labels: await explorer.blockLabels(), version: await explorer.version(), hashes: await explorer.heatmapHashes() };

    await page.getByTestId('upload.file').setInputFiles({ name: 'seven.png', mimeType: 'image/png', buffer: png });
    const dialog = page.getByTestId('upload.dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('seven.png · 120 × 120');
    // The result: light on black, a fair share of ink, framed as MNIST (the dataset's framing).
    await expect(dialog.getByTestId('upload.framing')).toHaveValue('mnist');
    const ink = Number(await dialog.getByTestId('upload.after').getAttribute('data-ink'));
    expect(ink).toBeGreaterThan(0.05);
    expect(ink).toBeLessThan(0.4);
    const after = await dialog.getByTestId('upload.after').evaluate((c) => {
      const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 28, 28).data;
      return Array.from({ length: 784 }, (_, i) => d[4 * i]);
    });
    expect(after[0]).toBe(0); // the background is black
    expect(Math.max(...after)).toBe(255);
    // Nothing changed yet.
    expect(await explorer.version()).toBe(before.version);
    expect(await serious(page)).toEqual([]);
    await dialog.getByTestId('upload.block.1').check();
    await dialog.getByTestId('upload.class').selectOption('7');
    await page.screenshot({ path: 'test-results/screenshots/upload-preview-1024x768.png' });
    await dialog.getByTestId('upload.apply').click();
    await expect(dialog).toHaveCount(0);

    // Block 2 shows exactly the preview's pixels, states class 7, and the grid explains the new sequence.
    await expect.poll(() => explorer.version()).toBeGreaterThan(before.version);
    const shown = await page.getByTestId('sequence.block.1').evaluate((c) => {
      const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 28, 28).data;
      return Array.from({ length: 784 }, (_, i) => d[4 * i]);
    });
    expect(shown).toEqual(after);
    expect((await explorer.blockLabels())[1]).toBe('7');
    await expect(page.getByTestId('upload.message')).toHaveText('seven.png is in block 2 (↶ Undo or Ctrl+Z takes it back).');
    await expect(page.getByTestId('sequence.blocks')).toHaveAttribute('data-edited', '1');
    await explorer.waitForGrid();
    expect(await explorer.heatmapHashes()).not.toEqual(before.hashes);
    await page.screenshot({ path: 'test-results/screenshots/upload-done-1024x768.png' });

    // Ctrl+Z takes it back: the block, its class and the heatmaps as before.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await explorer.blockStats(1)).hash).toBe(before.block.hash);
    expect(await explorer.blockLabels()).toEqual(before.labels);
    await explorer.waitForGrid();
    expect(await explorer.heatmapHashes()).toEqual(before.hashes);
  });

  test('a file that is no picture, a huge one and an unreadable one are refused with a message, and nothing changes', async ({ explorer, page }) => {
    await explorer.open();
    const version = await explorer.version();
    const stats = await Promise.all([0, 1, 2].map((k) => explorer.blockStats(k)));
    const input = page.getByTestId('upload.file');
    const error = page.getByTestId('upload.error');

    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
    await expect(error).toHaveText('notes.txt is a text/plain file: choose a PNG or JPEG picture');
    await input.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) });
    await expect(error).toHaveText('huge.png has 10,485,761 bytes; pictures of at most 10,485,760 bytes (10 MiB) are read');
    await input.setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('this is not a PNG, only its name says so') });
    await expect(error).toHaveText('broken.png could not be read: its bytes are not a PNG or JPEG picture');
    // A real PNG signature over garbage: the browser's decoder fails.
    const cut = sevenPng().subarray(0, 40);
    await input.setInputFiles({ name: 'cut.png', mimeType: 'image/png', buffer: cut });
    await expect(error).toContainText('cut.png could not be read as a picture (');
    await expect(error).toHaveAttribute('role', 'alert');
    await page.screenshot({ path: 'test-results/screenshots/upload-refused.png' });

    await expect(page.getByTestId('upload.dialog')).toHaveCount(0);
    expect(await explorer.version()).toBe(version);
    expect(await Promise.all([0, 1, 2].map((k) => explorer.blockStats(k)))).toEqual(stats);
    await expect(explorer.undo).toBeDisabled();
  });

  test('a picture dropped on block 3 opens the preview for block 3; Cancel changes nothing', async ({ explorer, page }) => {
    await explorer.open();
    const version = await explorer.version();
    const bytes = Array.from(sevenPng());
    const drop = await page.evaluateHandle((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'dropped.png', { type: 'image/png' }));
      return dt;
    }, bytes);
    const target = page.getByTestId('sequence.block.2');
    await target.dispatchEvent('dragover', { dataTransfer: drop });
    await expect(page.getByTestId('sequence.blockinfo.2')).toHaveClass(/drop-target/);
    await target.dispatchEvent('drop', { dataTransfer: drop });
    const dialog = page.getByTestId('upload.dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('upload.block.2')).toBeChecked();
    await expect(dialog.getByTestId('upload.apply')).toHaveText('Put in block 3');
    await expect(page.getByTestId('sequence.blockinfo.2')).not.toHaveClass(/drop-target/);
    // Framed as a garment instead: the object fills the 28 × 28 box (more ink than MNIST's 20 × 20).
    const mnistInk = Number(await dialog.getByTestId('upload.after').getAttribute('data-ink'));
    await dialog.getByTestId('upload.framing').selectOption('fashion');
    await expect.poll(async () => Number(await dialog.getByTestId('upload.after').getAttribute('data-ink'))).toBeGreaterThan(mnistInk);
    await dialog.getByTestId('upload.cancel').click();
    await expect(dialog).toHaveCount(0);
    expect(await explorer.version()).toBe(version);
    await expect(explorer.undo).toBeDisabled();
  });
});

const serious = async (page: import('@playwright/test').Page) => {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
};
