/**
 * End-to-end tests on Debian's Chromium (never `npx playwright install`: no browser download is
 * possible here). The web server is what `npm start` serves: the production build (the bundle CI
 * ships, with the wasm binaries as assets; ~10 s to build, skipped when the build is up to date:
 * scripts/start.mjs) served by `vite preview`; RRX_E2E_DIST puts that build elsewhere than dist/
 * (e.g. for two test runs side by side, with RRX_E2E_PORT). RRX_E2E_SERVER=dev uses the Vite dev
 * server instead (no build; its first load pre-bundles the tfjs packages).
 *
 * Chromium gets exactly one extra flag, --enable-unsafe-webgpu: WebGPU then works through
 * SwiftShader (a software adapter), which the worker must skip for WASM by default and use only
 * under ?backend=webgpu (e2e/webgpu-parity.spec.ts).
 */
import { defineConfig } from '@playwright/test';

const port = Number(process.env.RRX_E2E_PORT ?? 4317);
const dev = process.env.RRX_E2E_SERVER === 'dev';
const dist = process.env.RRX_E2E_DIST ?? 'dist';
const CI = Boolean(process.env.CI);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  forbidOnly: CI,
  retries: 0,
  // 2 cores: every page runs TF.js in a worker and holds ~60 MB of data; one page at a time.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.RRX_CHROMIUM ?? '/usr/lib/chromium/chromium',
      args: ['--enable-unsafe-webgpu'],
    },
  },
  webServer: {
    command: dev
      ? `npx vite --host 127.0.0.1 --port ${port} --strictPort`
      : `node scripts/start.mjs --port ${port} --out-dir ${dist}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !CI && process.env.RRX_E2E_REUSE === '1',
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
