/**
 * Test helper: put TF.js on a named backend in Node ('cpu' by default: float32, exact reference
 * semantics). Use in a beforeAll: `beforeAll(() => useBackend('cpu'))`.
 */
import * as tf from '../src/core/tf';
import '@tensorflow/tfjs-backend-cpu';
import { installWasmKernels } from '../src/core/kernels/wasm-kernels';

export async function useBackend(name: 'cpu' | 'wasm' = 'cpu'): Promise<void> {
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const dir = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm').replace(/[^/]+$/, '');
    wasm.setWasmPaths(dir);
    installWasmKernels();
  }
  tf.env().set('IS_TEST', true);
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`could not set TF.js backend "${name}" (got "${tf.getBackend()}")`);
}
