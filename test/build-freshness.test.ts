/** When `npm start` builds: scripts/lib/build-freshness.mjs on a scratch project folder. */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDecision, newestInput, writeStamp } from '../scripts/lib/build-freshness.mjs';

function project() {
  const root = mkdtempSync(path.join(tmpdir(), 'rrx-fresh-'));
  const file = (rel: string, mtimeS: number) => {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, 'x');
    utimesSync(p, mtimeS, mtimeS);
  };
  file('src/main.tsx', 1000);
  file('src/ui/App.tsx', 2000);
  file('public/data/manifest.json', 1500);
  file('index.html', 1200);
  file('package.json', 1100);
  return { root, file, out: path.join(root, 'dist') };
}

describe('build freshness', () => {
  it('finds the newest input (test files do not count)', () => {
    const p = project();
    expect(newestInput(p.root)).toEqual({ mtimeMs: 2_000_000, file: path.join('src', 'ui', 'App.tsx') });
    p.file('src/ui/App.test.ts', 9000);
    expect(newestInput(p.root).file).toBe(path.join('src', 'ui', 'App.tsx'));
  });

  it('builds when there is no build, or one not stamped by npm start', () => {
    const p = project();
    expect(buildDecision(p.root, p.out)).toEqual({ build: true, reason: 'dist has no build' });
    p.file('dist/index.html', 3000);
    expect(buildDecision(p.root, p.out)).toEqual({ build: true, reason: 'dist was not built by npm start (no .rrx-build.json)' });
  });

  it('serves a build that started after every change; builds again after a change of a source, a public file or the config', () => {
    const p = project();
    p.file('dist/index.html', 3000);
    writeStamp(p.out, 2_500_000);
    expect(buildDecision(p.root, p.out)).toEqual({ build: false, reason: 'the build is up to date' });
    p.file('public/models/index.json', 2600);
    expect(buildDecision(p.root, p.out)).toEqual({ build: true, reason: `${path.join('public', 'models', 'index.json')} changed after the last build` });
    writeStamp(p.out, 2_700_000);
    p.file('vite.config.ts', 2700); // saved while that build ran (same millisecond counts as after)
    expect(buildDecision(p.root, p.out).build).toBe(true);
  });
});
