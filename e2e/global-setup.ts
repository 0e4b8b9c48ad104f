/**
 * Before the e2e run: a model saved by Node, and the corruption corpus built from it, written to
 * test-results/e2e-fixtures by e2e/fixtures/model-fixtures.run.ts (run through Vitest, which loads
 * the core in Node as the unit tests do). The browser tests load these files through the page.
 */
import { execFileSync } from 'node:child_process';
import { FIXTURES } from './fixtures/paths';

export default function globalSetup(): void {
  const vitest = 'node_modules/vitest/vitest.mjs';
  execFileSync(process.execPath, [vitest, 'run', '--config', 'e2e/fixtures/vitest.config.ts', '--reporter', 'dot'], {
    stdio: 'inherit',
    timeout: 300_000,
    env: { ...process.env, RRX_FIXTURES: FIXTURES },
  });
}
