/**
 * Chooses the TF.js backend in Node (the CLI): 'wasm' (default; tfjs-node cannot be installed here)
 * with its .wasm files from node_modules/@tensorflow/tfjs-backend-wasm/dist/, or 'cpu' (plain JS).
 * Checks tf.getBackend() afterwards, because TF.js falls back silently.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '../core/tf';
import { installWasmKernels } from '../core/kernels/wasm-kernels';

export type NodeBackend = 'wasm' | 'cpu';
export const NODE_BACKENDS: readonly NodeBackend[] = ['wasm', 'cpu'];

/** The directory of the tfjs-backend-wasm .wasm files (with a trailing slash). */
export function wasmDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep;
}

/**
 * Puts TF.js on `name`. With `threads: false` (default) the single-threaded SIMD wasm build is used:
 * on the 2-core machines here the threaded build gains nothing (docs/benchmarks.md).
 */
export async function useNodeBackend(name: NodeBackend, opts: { threads?: boolean } = {}): Promise<string> {
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(wasmDir());
    if (!opts.threads) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    installWasmKernels();
  } else {
    await import('@tensorflow/tfjs-backend-cpu');
  }
  const ok = await tf.setBackend(name);
  await tf.ready();
  const got = tf.getBackend();
  if (!ok || got !== name) throw new Error(`could not start the TF.js "${name}" backend (TF.js is on "${got}")`);
  return got;
}
