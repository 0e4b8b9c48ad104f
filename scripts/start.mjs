#!/usr/bin/env node
// `npm start`: what a user should see. Builds the production bundle when it is missing or older
// than the sources (scripts/lib/build-freshness.mjs), then serves it (vite preview) on
// http://127.0.0.1:5173. `npm run dev` is the Vite dev server, for development.
//
// Options:
//   --port <n>       port (default 5173; fails when it is taken)
//   --out-dir <dir>  where the build lives (default dist)
//   --build          build even when the build is up to date
//   --no-serve       build if needed, then exit (no server)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { buildDecision, writeStamp } from './lib/build-freshness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const args = process.argv.slice(2);
const value = (flag, fallback) => {
  const i = args.indexOf(flag);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const port = Number(value('--port', process.env.PORT ?? '5173'));
const outDir = path.resolve(root, value('--out-dir', 'dist'));
const log = (msg) => console.log(`[start] ${msg}`);

const decision = args.includes('--build') ? { build: true, reason: '--build' } : buildDecision(root, outDir);
if (decision.build) {
  log(`building the production bundle into ${path.relative(root, outDir) || outDir} (${decision.reason})…`);
  const startedAt = Date.now();
  // logLevel error: vite's warnings here are about its own plugin timings, not the app.
  await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  writeStamp(outDir, startedAt);
  log(`built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
} else log(`${decision.reason} (${path.relative(root, outDir) || outDir})`);

if (!args.includes('--no-serve')) {
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true } });
  log(`serving the production build at http://127.0.0.1:${port}/ (Ctrl-C stops; \`npm run dev\` is the dev server)`);
  const stop = () => server.httpServer.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
