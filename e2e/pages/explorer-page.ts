/**
 * Page object of the explorer (tldraw style): locators by namespaced data-testid, actions that
 * wait for the page to settle, and readers that return plain values for assertions.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Kind, RequestOf, ResultOf } from '../../src/protocol/messages';
import type {} from '../../src/ui/test-api'; // window.__rrx

export interface CanvasStats {
  width: number;
  height: number;
  /** Distinct grey levels among the pixels. */
  distinct: number;
  /** Fraction of pixels that are not background (grey > 0). */
  ink: number;
  /** FNV-1a hash of the RGBA bytes: equal images, equal hashes. */
  hash: string;
}

export class ExplorerPage {
  readonly canvas: Locator;
  readonly dataset: Locator;
  readonly index: Locator;
  readonly count: Locator;
  readonly prev: Locator;
  readonly next: Locator;
  readonly random: Locator;
  readonly label: Locator;
  readonly mask: Locator;
  readonly backend: Locator;
  readonly train: {
    preset: Locator;
    limit: Locator;
    epochs: Locator;
    batchSize: Locator;
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
    error: Locator;
  };
  readonly model: { files: Locator; current: Locator; name: Locator; parameters: Locator; error: Locator };

  constructor(readonly page: Page) {
    const id = (s: string) => page.getByTestId(s);
    this.canvas = id('sequence.canvas');
    this.dataset = id('sequence.dataset');
    this.index = id('sequence.index');
    this.count = id('sequence.count');
    this.prev = id('sequence.prev');
    this.next = id('sequence.next');
    this.random = id('sequence.random');
    this.label = id('sequence.label');
    this.mask = id('sequence.mask');
    this.backend = id('status.backend');
    const t = (s: string) => id(`train.${s}`);
    this.train = {
      preset: t('preset'),
      limit: t('limit'),
      epochs: t('epochs'),
      batchSize: t('batchSize'),
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
      error: t('error'),
    };
    this.model = { files: id('model.files'), current: id('model.current'), name: id('model.name'), parameters: id('model.parameters'), error: id('model.error') };
  }

  /** Opens the page (with ?test=1) and waits until the worker has a backend and a sample is drawn. */
  async open(params: Record<string, string> = {}): Promise<void> {
    const q = new URLSearchParams({ test: '1', ...params });
    await this.page.goto(`/?${q}`);
    await expect(this.backend).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
    await this.waitForSample();
  }

  /** Waits until the canvas shows sample `index` of `dataset` (when given) and nothing is loading. */
  async waitForSample(index?: number, dataset?: string): Promise<void> {
    if (index !== undefined) await expect(this.canvas).toHaveAttribute('data-index', String(index), { timeout: 60_000 });
    else await expect(this.canvas).not.toHaveAttribute('data-index', '', { timeout: 60_000 });
    if (dataset !== undefined) await expect(this.canvas).toHaveAttribute('data-dataset', dataset);
  }

  async shownIndex(): Promise<number> {
    return Number(await this.canvas.getAttribute('data-index'));
  }

  async labelValue(): Promise<number> {
    return Number(await this.label.getAttribute('data-label'));
  }

  async maskValues(): Promise<number[]> {
    return this.mask.locator('li').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-on'))));
  }

  async backendName(): Promise<string> {
    return (await this.backend.getAttribute('data-backend')) ?? '';
  }

  /** Reads the canvas back (getImageData) and summarises its pixels. */
  async canvasStats(): Promise<CanvasStats> {
    return this.canvas.evaluate((el) => {
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

  async chooseDataset(value: 'mnist' | 'fashion'): Promise<void> {
    await this.dataset.selectOption(value);
    await expect(this.canvas).toHaveAttribute('data-dataset', value, { timeout: 60_000 });
  }

  async goToIndex(i: number): Promise<void> {
    await this.index.fill(String(i));
    await this.index.press('Enter');
    await this.waitForSample(i);
  }

  /** Any protocol call through the test API (window.__rrx). */
  call<K extends Kind>(req: RequestOf<K>): Promise<ResultOf<K>> {
    return this.page.evaluate((r) => window.__rrx!.call(r as never), req as never) as Promise<ResultOf<K>>;
  }

  /** Sets the model file input to files on disk (model.json + weights.bin of a folder). */
  async chooseModelFolder(dir: string): Promise<void> {
    await this.model.files.setInputFiles([`${dir}/model.json`, `${dir}/weights.bin`]);
  }
}
