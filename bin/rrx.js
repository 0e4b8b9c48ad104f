#!/usr/bin/env node
// The rrx command line. The CLI is TypeScript (src/cli); tsx compiles it on the fly.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
