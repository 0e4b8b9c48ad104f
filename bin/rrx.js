#!/usr/bin/env node
// The rrx command line. The CLI is TypeScript (src/cli); tsx compiles it on the fly.
import { register as registerHook } from 'node:module';
import { register } from 'tsx/esm/api';

// TF.js's ESM files need bundler-style resolution in Node (see the hook); registered before tsx.
registerHook('../src/node/tfjs-resolve-hook.mjs', import.meta.url);
// `rrx … | head` closes the pipe early: stop quietly instead of an EPIPE stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
