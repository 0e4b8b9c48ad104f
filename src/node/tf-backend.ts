/**
 * Chooses the TF.js backend in Node (the CLI): 'wasm' (default; tfjs-node cannot be installed here)
 * with its .wasm files from node_modules/@tensorflow/tfjs-backend-wasm/dist/, 'cpu' (plain JS), or
 * 'webgpu' through Dawn (the `webgpu` package: docs/benchmarks.md, "WebGPU in Node").
 * Checks tf.getBackend() afterwards, because TF.js falls back silently.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '../core/tf';
import { installWasmKernels } from '../core/kernels/wasm-kernels';

export type NodeBackend = 'wasm' | 'cpu' | 'webgpu';
export const NODE_BACKENDS: readonly NodeBackend[] = ['wasm', 'cpu', 'webgpu'];

/** The directory of the tfjs-backend-wasm .wasm files (with a trailing slash). */
export function wasmDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep;
}

/** What Dawn reports of the adapter the 'webgpu' backend runs on. */
export interface GpuAdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** SwiftShader or another software adapter: correct, but no figure of it says anything about a GPU. */
  software: boolean;
}

let adapterReport: GpuAdapterReport | null = null;
let dispatches = 0;

/**
 * Compute dispatches recorded since the 'webgpu' backend started (0 on other backends), counted at
 * Dawn's GPUComputePassEncoder.dispatchWorkgroups: on a GPU each dispatch has a fixed cost whatever
 * its size, so for small work the count is what sets the time.
 */
export function gpuDispatchCount(): number {
  return dispatches;
}

/** The adapter of the 'webgpu' backend once useNodeBackend('webgpu') has run, else null. */
export function gpuAdapter(): GpuAdapterReport | null {
  return adapterReport;
}

/** The advice printed when Dawn finds no adapter (most often: no Vulkan loader or driver). */
export const NO_ADAPTER_HELP =
  'Dawn found no WebGPU adapter. It needs a Vulkan loader (libvulkan.so.1) and a Vulkan driver: on a GPU ' +
  "machine, the vendor's (NVIDIA: VK_DRIVER_FILES=/usr/share/vulkan/icd.d/nvidia_icd.json or wherever the " +
  "driver puts it); without a GPU, Chromium's SwiftShader works, slowly: " +
  'LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json';

interface DawnAdapter {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}
interface DawnGpu {
  requestAdapter(opts?: { powerPreference?: string }): Promise<DawnAdapter | null>;
}

/**
 * Puts WebGPU on globalThis from the `webgpu` package (Dawn's node binding) and checks that an adapter
 * exists, so that tfjs-backend-webgpu finds navigator.gpu as in a browser.
 */
async function installDawn(): Promise<GpuAdapterReport> {
  let dawn: { create: (flags: string[]) => DawnGpu; globals: Record<string, unknown> };
  try {
    dawn = (await import('webgpu')) as unknown as typeof dawn;
  } catch (err) {
    throw new Error(`the 'webgpu' backend needs the npm package "webgpu" (Dawn for Node; a devDependency): ${(err as Error).message}`);
  }
  const g = globalThis as unknown as { navigator?: { gpu?: unknown } };
  const pass = (dawn.globals.GPUComputePassEncoder as { prototype?: Record<string | symbol, unknown> } | undefined)?.prototype;
  const counted = Symbol.for('rrx.countDispatches');
  if (pass && typeof pass.dispatchWorkgroups === 'function' && !pass[counted]) {
    const dispatch = pass.dispatchWorkgroups as (...a: unknown[]) => unknown;
    pass.dispatchWorkgroups = function (this: unknown, ...a: unknown[]) {
      dispatches++;
      return dispatch.apply(this, a);
    };
    pass[counted] = true;
  }
  if (!g.navigator?.gpu) {
    Object.assign(globalThis, dawn.globals);
    const gpu = dawn.create([]);
    // Node ≥ 21 has a read-only navigator: define the property instead of assigning the object.
    if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
    else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  }
  const adapter = await (g.navigator!.gpu as DawnGpu).requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error(NO_ADAPTER_HELP);
  const info = adapter.info ?? {};
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.device ?? ''} ${info.description ?? ''}`.toLowerCase();
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    software: !!(info.isFallbackAdapter ?? adapter.isFallbackAdapter) || /swiftshader|llvmpipe|lavapipe/.test(text),
  };
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
  } else if (name === 'webgpu') {
    adapterReport = await installDawn();
    await import('@tensorflow/tfjs-backend-webgpu');
    // Small tensors stay on the GPU too: a CPU forward would need the synchronous reads Dawn lacks.
    tf.env().set('WEBGPU_CPU_FORWARD', false);
  } else {
    await import('@tensorflow/tfjs-backend-cpu');
  }
  const ok = await tf.setBackend(name);
  await tf.ready();
  const got = tf.getBackend();
  if (!ok || got !== name) throw new Error(`could not start the TF.js "${name}" backend (TF.js is on "${got}")`);
  return got;
}
