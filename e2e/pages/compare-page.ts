/**
 * Page object of the architecture comparison view (a tab of the explorer): locators by namespaced
 * data-testid and readers that return the bars as plain values.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** One bar as the chart shows it (its data attributes). */
export interface BarView {
  preset: string;
  method: string;
  entry: string;
  mean: number | null;
  label: string;
}

export class ComparePage {
  readonly tab: Locator;
  readonly exploreTab: Locator;
  readonly panel: Locator;
  readonly chart: Locator;
  readonly bars: Locator;
  readonly legend: Locator;
  readonly readout: Locator;
  readonly gaps: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    const id = (s: string) => page.getByTestId(s);
    this.tab = id('view.compare');
    this.exploreTab = id('view.explore');
    this.panel = id('compare.panel');
    this.chart = id('compare.chart');
    this.bars = id('compare.bar');
    this.legend = id('compare.legend');
    this.readout = id('compare.readout');
    this.gaps = id('compare.gaps');
    this.table = id('compare.table');
  }

  /** Opens the view from its tab and waits until its evaluation files are in and bars are drawn. */
  async open(): Promise<void> {
    await this.tab.click();
    await this.waitForBars();
  }

  async waitForBars(): Promise<void> {
    await expect(this.panel).toHaveAttribute('data-loading', '0', { timeout: 30_000 });
    await expect(this.bars.first()).toBeVisible();
  }

  /** The comparison's dataset switch. */
  async chooseDataset(d: 'mnist' | 'fashion'): Promise<void> {
    await this.page.getByTestId(`compare.dataset.${d}`).check();
    await expect(this.chart).toHaveAttribute('data-dataset', d);
    await this.waitForBars();
  }

  async barViews(): Promise<BarView[]> {
    return this.bars.evaluateAll((els) =>
      els.map((e) => {
        const d = (e as SVGGElement).dataset;
        return { preset: d.preset ?? '', method: d.method ?? '', entry: d.entry ?? '', mean: d.mean === '' || d.mean === undefined ? null : Number(d.mean), label: e.getAttribute('aria-label') ?? '' };
      }),
    );
  }
}
