#!/usr/bin/env node
// `npm test`: every test of the project, unit (Vitest) then end-to-end (Playwright on Debian's
// Chromium), and one plain summary line `N passed, N failed` summed from both runners' JSON
// reports. Exits non-zero when anything failed or a runner could not run.
//
// Steps: 1. Chromium at /usr/lib/chromium/chromium (installed with apt-get when missing and we are
// root; otherwise stop and say how); 2. public/data (prepared by scripts/prepare-data.mjs when
// missing); 3. vitest run (readable + JSON to test-results/vitest.json); 4. playwright test (list +
// JSON to test-results/playwright.json, see playwright.config.ts); 5. the summary.
//
// Options (for working on a part; CI uses none):
//   --unit-only | --e2e-only        run one runner
//   --unit <path>  (repeatable)     restrict Vitest to these files/folders
//   --e2e <path>   (repeatable)     restrict Playwright to these spec files
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const CHROMIUM = process.env.RRX_CHROMIUM ?? '/usr/lib/chromium/chromium';
const REPORTS = path.join(root, 'test-results');
const VITEST_JSON = path.join(REPORTS, 'vitest.json');
const PLAYWRIGHT_JSON = path.join(REPORTS, 'playwright.json');
const APT = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium';

const args = process.argv.slice(2);
const many = (flag) => args.flatMap((a, i) => (a === flag && args[i + 1] ? [args[i + 1]] : []));
const runUnit = !args.includes('--e2e-only');
const runE2e = !args.includes('--unit-only');

const log = (msg) => console.log(`\n[test] ${msg}`);
const run = (cmd, argv, opts = {}) => spawnSync(cmd, argv, { stdio: 'inherit', ...opts }).status ?? 1;

// 1. Chromium -----------------------------------------------------------------------------------
function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    log(`Chromium is missing at ${CHROMIUM}: installing it with apt-get (about a minute)`);
    const status = run('sh', ['-c', APT], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (status === 0 && existsSync(CHROMIUM)) return true;
    console.error(`[test] apt-get did not install ${CHROMIUM} (exit ${status})`);
    return false;
  }
  console.error(
    [
      `[test] Chromium is missing: the end-to-end tests need Debian's Chromium at ${CHROMIUM}.`,
      `Install it (as root) with:`,
      `  sudo sh -c '${APT}'`,
      `(Do not run \`npx playwright install\`: no browser can be downloaded here.)`,
      `Or run the unit tests alone: npm test -- --unit-only`,
    ].join('\n'),
  );
  return false;
}

// 2. Data ---------------------------------------------------------------------------------------
function ensureData() {
  if (existsSync(path.join(root, 'public', 'data', 'manifest.json'))) return true;
  log('public/data is missing: preparing it (scripts/prepare-data.mjs)');
  return run(process.execPath, ['scripts/prepare-data.mjs']) === 0;
}

// 3–4. Runners ----------------------------------------------------------------------------------
function vitest() {
  log('unit tests (Vitest)');
  rmSync(VITEST_JSON, { force: true });
  return run(process.execPath, [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${VITEST_JSON}`,
    ...many('--unit'),
  ]);
}

function playwright() {
  log('end-to-end tests (Playwright, Chromium)');
  rmSync(PLAYWRIGHT_JSON, { force: true });
  return run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', ...many('--e2e')]);
}

// 5. Counting from the JSON reports ----------------------------------------------------------------
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Vitest's JSON (Jest-style): tests passed/failed, plus test files that failed before any test ran. */
function vitestCounts() {
  const r = readJson(VITEST_JSON);
  if (!r) return null;
  const emptyFailedFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  return { passed: r.numPassedTests ?? 0, failed: (r.numFailedTests ?? 0) + emptyFailedFiles };
}

/** Playwright's JSON: stats.expected (passed), flaky (passed on retry), unexpected (failed); errors outside tests count as failures. */
function playwrightCounts() {
  const r = readJson(PLAYWRIGHT_JSON);
  if (!r?.stats) return null;
  const s = r.stats;
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: (s.unexpected ?? 0) + (r.errors ?? []).length };
}

mkdirSync(REPORTS, { recursive: true });
const t0 = performance.now();
let passed = 0;
let failed = 0;
const problems = [];

if (runUnit) {
  const status = vitest();
  const c = vitestCounts();
  if (c) {
    passed += c.passed;
    failed += c.failed;
  }
  if (!c) problems.push(`Vitest wrote no report (exit ${status})`);
  else if (status !== 0 && c.failed === 0) problems.push(`Vitest exited ${status} without a failed test (see its output)`);
}

if (runE2e) {
  if (!ensureChromium()) problems.push('Chromium is missing: end-to-end tests not run');
  else if (!ensureData()) problems.push('public/data could not be prepared: end-to-end tests not run');
  else {
    const status = playwright();
    const c = playwrightCounts();
    if (c) {
      passed += c.passed;
      failed += c.failed;
    }
    if (!c) problems.push(`Playwright wrote no report (exit ${status})`);
    else if (status !== 0 && c.failed === 0) problems.push(`Playwright exited ${status} without a failed test (see its output)`);
  }
}

const minutes = ((performance.now() - t0) / 60000).toFixed(1);
for (const p of problems) console.error(`[test] ${p}`);
console.log(`\n[test] finished in ${minutes} min (reports: ${path.relative(root, VITEST_JSON)}, ${path.relative(root, PLAYWRIGHT_JSON)})`);
// A runner that could not run counts as one failure, so the line never reads "0 failed" then.
console.log(`${passed} passed, ${failed + (problems.length && failed === 0 ? problems.length : 0)} failed`);
process.exitCode = failed > 0 || problems.length > 0 ? 1 : 0;
