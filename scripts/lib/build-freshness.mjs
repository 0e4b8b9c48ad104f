// Is the production build in `outDir` up to date with the sources? Used by `npm start`
// (scripts/start.mjs), the e2e web server (playwright.config.ts) and `npm run bench:ui`.
//
// A build is fresh when its stamp (written by scripts/start.mjs after a successful build) records a
// build that started after the newest change of any input: src/ (test files excluded), public/,
// index.html and the build's configuration and dependencies (vite.config.ts, tsconfig.json,
// package.json, package-lock.json). The stamp holds the build's start time, so a source saved while
// a build runs makes the next start build again.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const STAMP_FILE = '.rrx-build.json';
export const BUILD_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json'];

const ignored = (name) => /\.test\.tsx?$/.test(name) || name === '.DS_Store';

/** The newest modification time (ms) among the build inputs under `root`, and the file that has it. */
export function newestInput(root, inputs = BUILD_INPUTS) {
  let newest = { mtimeMs: 0, file: null };
  const visit = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return; // an input that does not exist (e.g. no package-lock.json)
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (!ignored(name)) visit(path.join(p, name));
    } else if (st.mtimeMs > newest.mtimeMs) newest = { mtimeMs: st.mtimeMs, file: path.relative(root, p) };
  };
  for (const input of inputs) visit(path.join(root, input));
  return newest;
}

/** Reads the stamp of `outDir`, or null when there is none (never built by us) or it is unreadable. */
export function readStamp(outDir) {
  try {
    const s = JSON.parse(readFileSync(path.join(outDir, STAMP_FILE), 'utf8'));
    return typeof s?.startedAt === 'number' ? s : null;
  } catch {
    return null;
  }
}

/** Writes the stamp of a build that started at `startedAt` (ms since the epoch). */
export function writeStamp(outDir, startedAt) {
  writeFileSync(path.join(outDir, STAMP_FILE), `${JSON.stringify({ startedAt, builtBy: 'scripts/start.mjs' })}\n`);
}

/**
 * Whether `outDir` must be (re)built, and why (one line for the console).
 * @returns {{ build: boolean, reason: string }}
 */
export function buildDecision(root, outDir) {
  if (!existsSync(path.join(outDir, 'index.html'))) return { build: true, reason: `${path.relative(root, outDir) || outDir} has no build` };
  const stamp = readStamp(outDir);
  if (!stamp) return { build: true, reason: `${path.relative(root, outDir) || outDir} was not built by npm start (no ${STAMP_FILE})` };
  const newest = newestInput(root);
  if (newest.mtimeMs >= stamp.startedAt) return { build: true, reason: `${newest.file} changed after the last build` };
  return { build: false, reason: 'the build is up to date' };
}
