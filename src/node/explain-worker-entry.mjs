// Entry of an explain-pool worker thread (src/node/explain-pool.ts): the same loaders as bin/rrx.js
// (TF.js's ESM resolution hook, tsx for TypeScript), then the worker itself.
import { register as registerHook } from 'node:module';
import { register } from 'tsx/esm/api';

registerHook('./tfjs-resolve-hook.mjs', import.meta.url);
register();
await import('./explain-worker.ts');
