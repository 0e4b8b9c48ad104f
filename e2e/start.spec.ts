/**
 * `npm start` serves the production bundle: it builds when the build is missing or older than the
 * sources (scripts/lib/build-freshness.mjs, unit-tested in test/build-freshness.test.ts), says so,
 * and serves it; a second start finds the build up to date and serves at once. The page served
 * works (a grid with heatmaps). Its own port and build folder, so it does not touch `dist/`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from './fixtures/test';

const PORT = Number(process.env.RRX_E2E_START_PORT ?? 4396);
const OUT = 'test-results/start-dist';

/** Runs `npm start -- …` in its own process group; resolves with its output once it serves. */
function npmStart(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn('npm', ['start', '--', '--port', String(PORT), '--out-dir', OUT], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer) => {
      text += b.toString();
      if (text.includes('serving the production build')) resolve({ child, output: () => text });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before serving:\n${text}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    process.kill(-child.pid!, 'SIGTERM'); // its process group: npm and the node it runs
  });

test('npm start builds the production bundle when needed and serves it on its port', async ({ explorer, page, request }) => {
  test.setTimeout(300_000);
  let run = await npmStart();
  try {
    // Built now (the folder is new or older than the sources) or found up to date: either is said.
    expect(run.output()).toMatch(/\[start\] (building the production bundle into test-results\/start-dist \(.+\)…|the build is up to date)/);
    const html = await (await request.get(`http://127.0.0.1:${PORT}/`)).text();
    const script = html.match(/<script type="module" crossorigin src="(\/assets\/index-[\w-]+\.js)">/)?.[1];
    expect(script, 'a hashed production bundle').toBeTruthy();
    expect(html).not.toContain('/@vite/client');
    expect(html).not.toContain('/src/main.tsx');
    const js = await (await request.get(`http://127.0.0.1:${PORT}${script}`)).text();
    expect(js).not.toContain('jsxDEV'); // React's development JSX runtime
    expect(js.length).toBeGreaterThan(10_000);
    // The page it serves works.
    await page.goto(`http://127.0.0.1:${PORT}/?test=1&backend=wasm&arch=deep`);
    await explorer.waitReady();
    await expect(explorer.grid.cells.first()).toHaveAttribute('data-cosine', /\d/);
  } finally {
    await stop(run.child);
  }
  // Started again: nothing changed since, so it serves the same build without building.
  run = await npmStart();
  try {
    expect(run.output()).toContain('[start] the build is up to date');
    expect(run.output()).not.toContain('building');
  } finally {
    await stop(run.child);
  }
});
