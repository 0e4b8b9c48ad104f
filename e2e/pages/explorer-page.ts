/**
 * Page object of the explorer (tldraw style): locators by namespaced data-testid, actions that
 * wait for the page to settle (the grid through the test API's gridSettled()), and readers that
 * return plain values for assertions.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Kind, RequestOf, ResultOf } from '../../src/protocol/messages';
import type {} from '../../src/ui/test-api'; // window.__rrx

export interface CanvasStats {
  width: number;
  height: number;
  /** Distinct red levels among the pixels. */
  distinct: number;
  /** Fraction of pixels that are not background (red channel > 0). */
  ink: number;
  /** FNV-1a hash of the RGBA bytes: equal images, equal hashes. */
  hash: string;
}

/** One grid cell as the page shows it. */
export interface CellView {
  method: string;
  slot: string;
  col: number;
  version: number;
  /** A number, or 'n/a'. */
  cosine: number | 'n/a';
  /** Why the cosine is n/a ('' when it is a number). */
  naReason: string;
  /** The precise conservation figure, "ΣR … · relu(y) …" (the cell shows it in plain words). */
  conservation: string;
}

/**
 * Cells whose score is not a cosine in [0, 1], leaving out those the page rightly marks n/a because an
 * LRP method explains an output ≤ 0 (its heatmap is empty: the reason says so, and relu(y) is 0).
 */
export function badScores(cells: CellView[]): CellView[] {
  const emptyLrp = (c: CellView) => /^(deep-taylor|lrp-)/.test(c.method) && /^the explained class's output is \S+ ≤ 0/.test(c.naReason) && /relu\(y\) 0$/.test(c.conservation);
  return cells.filter((c) => (c.cosine === 'n/a' ? !emptyLrp(c) : !(c.cosine >= 0 && c.cosine <= 1 + 1e-9)));
}

export class ExplorerPage {
  readonly dataset: Locator;
  readonly index: Locator;
  readonly count: Locator;
  readonly prev: Locator;
  readonly next: Locator;
  readonly random: Locator;
  readonly pickClass: Locator;
  readonly label: Locator;
  readonly majority: Locator;
  readonly undo: Locator;
  readonly backend: Locator;
  readonly notice: Locator;
  readonly grid: { panel: Locator; cells: Locator; columns: Locator; positive: Locator; methods: Locator; archs: Locator; hover: Locator };
  readonly train: {
    preset: Locator;
    dataset: Locator;
    limit: Locator;
    epochs: Locator;
    batchSize: Locator;
    lr: Locator;
    start: Locator;
    pause: Locator;
    resume: Locator;
    stop: Locator;
    state: Locator;
    loss: Locator;
    accuracy: Locator;
    speed: Locator;
    backend: Locator;
    batch: Locator;
    done: Locator;
    saved: Locator;
    error: Locator;
    curves: Locator;
    epoch: Locator;
    time: Locator;
    checkpoint: Locator;
    interrupted: Locator;
    resumeInterrupted: Locator;
  };
  readonly model: { panel: Locator; files: Locator; cards: Locator; error: Locator; message: Locator; bundleMissing: Locator };

  constructor(readonly page: Page) {
    const id = (s: string) => page.getByTestId(s);
    this.dataset = id('sequence.dataset');
    this.index = id('sequence.index');
    this.count = id('sequence.count');
    this.prev = id('sequence.prev');
    this.next = id('sequence.next');
    this.random = id('sequence.random');
    this.pickClass = id('sequence.pick-class');
    this.label = id('sequence.label');
    this.majority = id('sequence.majority');
    this.undo = id('sequence.undo');
    this.backend = id('status.backend');
    this.notice = id('status.notice');
    this.grid = {
      panel: id('grid.panel'),
      cells: id('grid.cell'),
      columns: id('grid.column'),
      positive: id('grid.positive'),
      methods: id('grid.methods'),
      archs: id('grid.archs'),
      hover: id('grid.hover'),
    };
    const t = (s: string) => id(`train.${s}`);
    this.train = {
      preset: t('preset'),
      dataset: t('dataset'),
      limit: t('limit'),
      epochs: t('epochs'),
      batchSize: t('batchSize'),
      lr: t('lr'),
      start: t('start'),
      pause: t('pause'),
      resume: t('resume'),
      stop: t('stop'),
      state: t('state'),
      loss: t('loss'),
      accuracy: t('accuracy'),
      speed: t('speed'),
      backend: t('backend'),
      batch: t('batch'),
      done: t('done'),
      saved: t('saved'),
      error: t('error'),
      curves: t('curves'),
      epoch: t('epoch'),
      time: t('time'),
      checkpoint: t('checkpoint'),
      interrupted: t('interrupted'),
      resumeInterrupted: t('resume-interrupted'),
    };
    this.model = {
      panel: id('model.panel'),
      files: id('model.files'),
      cards: id('model.card'),
      error: id('model.error'),
      message: id('model.message'),
      bundleMissing: id('model.bundle-missing'),
    };
  }

  /**
   * Opens the page with ?test=1 (and ?backend=wasm unless `params` says otherwise), waits until the
   * worker has a backend and a sequence is shown, and (unless `grid: false`) until the grid settled.
   */
  async open(params: Record<string, string> = {}, opts: { grid?: boolean } = {}): Promise<void> {
    const q = new URLSearchParams({ test: '1', backend: 'wasm', ...params });
    await this.page.goto(`/?${q}`);
    await this.waitReady(opts);
  }

  /** After a navigation: a backend, a sequence, and (by default) a settled grid. */
  async waitReady(opts: { grid?: boolean } = {}): Promise<void> {
    await expect(this.backend).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
    await expect(this.page.getByTestId('sequence.blocks')).not.toHaveAttribute('data-version', '0', { timeout: 60_000 });
    if (opts.grid !== false) await this.waitForGrid();
  }

  /** Waits until every column shows the current view version and nothing is in flight. */
  async waitForGrid(timeout = 60_000): Promise<void> {
    await this.page.waitForFunction(() => window.__rrx?.gridSettled() === true, null, { timeout, polling: 50 });
  }

  /** The view version (bumped by every edit). */
  async version(): Promise<number> {
    return Number(await this.page.getByTestId('sequence.blocks').getAttribute('data-version'));
  }

  cell(method: string, col: number): Locator {
    return this.page.locator(`[data-testid="grid.cell"][data-method="${method}"][data-col="${col}"]`);
  }

  /** Every grid cell, read from its data attributes. */
  async cells(): Promise<CellView[]> {
    return this.grid.cells.evaluateAll((els) =>
      els.map((e) => {
        const d = (e as HTMLElement).dataset;
        return {
          method: d.method ?? '',
          slot: d.slot ?? '',
          col: Number(d.col),
          version: Number(d.version),
          cosine: d.cosine === 'n/a' ? ('n/a' as const) : Number(d.cosine),
          naReason: d.naReason ?? '',
          conservation: e.querySelector('[data-testid="grid.conservation"]')?.getAttribute('data-figure') ?? '',
        };
      }),
    );
  }

  /** The column slots, in order. */
  async columnSlots(): Promise<string[]> {
    return this.grid.columns.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.slot ?? ''));
  }

  /** Hash and stats of every heatmap canvas, keyed "method@col". */
  async heatmapHashes(): Promise<Record<string, string>> {
    return this.grid.cells.evaluateAll((els) => {
      const out: Record<string, string> = {};
      for (const e of els) {
        const c = e.querySelector('canvas') as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let h = 0x811c9dc5;
        for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 0x01000193) >>> 0;
        out[`${(e as HTMLElement).dataset.method}@${(e as HTMLElement).dataset.col}`] = h.toString(16);
      }
      return out;
    });
  }

  /** Reads a block canvas back (getImageData) and summarises its pixels. */
  async blockStats(block: number): Promise<CanvasStats> {
    return this.page.getByTestId(`sequence.block.${block}`).evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const grey = new Set<number>();
      let ink = 0;
      let h = 0x811c9dc5;
      for (let i = 0; i < d.length; i++) {
        h = Math.imul(h ^ d[i], 0x01000193) >>> 0;
        if (i % 4 === 0) {
          grey.add(d[i]);
          if (d[i] > 0) ink++;
        }
      }
      return { width: c.width, height: c.height, distinct: grey.size, ink: ink / (d.length / 4), hash: h.toString(16) };
    });
  }

  /**
   * Draws a stroke on a block with the mouse: `points` in block pixel coordinates (0…28), pressed
   * from the first to the last. Returns when the mouse is released (the grid then updates).
   */
  async stroke(block: number, points: [number, number][], steps = 4): Promise<void> {
    const box = (await this.page.getByTestId(`sequence.block.${block}`).boundingBox())!;
    const at = ([x, y]: [number, number]) => [box.x + (x / 28) * box.width, box.y + (y / 28) * box.height] as const;
    await this.page.mouse.move(...at(points[0]));
    await this.page.mouse.down();
    for (const p of points.slice(1)) await this.page.mouse.move(...at(p), { steps });
    await this.page.mouse.up();
  }

  /** The store's calls per kind since the page opened (explainGrid: the grid's requests). */
  async requestCounts(): Promise<Partial<Record<Kind, number>>> {
    return this.page.evaluate(() => window.__rrx!.requestCounts());
  }

  /** Presses the mouse at a point of a block (block pixel coordinates 0…28) and leaves it pressed. */
  async pressOn(block: number, [x, y]: [number, number]): Promise<(p: [number, number], steps?: number) => Promise<void>> {
    const box = (await this.page.getByTestId(`sequence.block.${block}`).boundingBox())!;
    const at = ([px, py]: [number, number]) => [box.x + (px / 28) * box.width, box.y + (py / 28) * box.height] as const;
    await this.page.mouse.move(...at([x, y]));
    await this.page.mouse.down();
    return (p, steps = 1) => this.page.mouse.move(...at(p), { steps });
  }

  async blockLabels(): Promise<string[]> {
    return this.page.locator('[data-testid^="sequence.blockinfo."]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.label ?? ''));
  }

  async labelValue(): Promise<string> {
    return (await this.majority.getAttribute('data-label')) ?? '';
  }

  async maskValues(): Promise<number[]> {
    return this.page.locator('[data-testid^="sequence.blockinfo."]').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.on)));
  }

  async backendName(): Promise<string> {
    return (await this.backend.getAttribute('data-backend')) ?? '';
  }

  async chooseDataset(value: 'mnist' | 'fashion'): Promise<void> {
    await this.dataset.selectOption(value);
    await expect(this.page.getByTestId('sequence.majority')).toContainText(value === 'mnist' ? 'MNIST-MAJ' : 'FashionMNIST-MAJ', { timeout: 60_000 });
  }

  async goToIndex(i: number): Promise<void> {
    await this.index.fill(String(i));
    await this.index.press('Enter');
    await expect(this.majority).toContainText(`test #${i}`, { timeout: 60_000 });
  }

  /** Any protocol call through the test API (window.__rrx). */
  call<K extends Kind>(req: RequestOf<K>): Promise<ResultOf<K>> {
    return this.page.evaluate((r) => window.__rrx!.call(r as never), req as never) as Promise<ResultOf<K>>;
  }

  /** Sets the model file input to files on disk (model.json + weights.bin of a folder). */
  async chooseModelFolder(dir: string): Promise<void> {
    await this.model.files.setInputFiles([`${dir}/model.json`, `${dir}/weights.bin`]);
  }

  /** Chooses a folder's model pair and waits until that load attempt finished. */
  async loadModelFolder(dir: string): Promise<void> {
    const before = Number(await this.model.panel.getAttribute('data-attempts'));
    await this.chooseModelFolder(dir);
    await expect(this.model.panel).toHaveAttribute('data-attempts', String(before + 1), { timeout: 30_000 });
  }
}
