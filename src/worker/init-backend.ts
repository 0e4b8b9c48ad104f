/**
 * Chooses and activates the TF.js backend inside the worker: probes WebGPU (adapter.info), WebGL
 * (renderer string) and WebAssembly, asks backendOrder() for the order, and tries each with
 * tf.setBackend, checking tf.getBackend() afterwards because TF.js falls back silently.
 * This module (and the worker) is the only place of the web app that registers TF.js backends.
 */
import * as tf from '../core/tf';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Vite emits the .wasm binaries as assets and gives their URLs (ENVIRONMENT.md, wasm with Vite).
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { AdapterReport, BackendAttempt, BackendName, HelloResult } from '../protocol/messages';
import { PROTOCOL_VERSION } from '../protocol/messages';
import { installWasmKernels } from '../core/kernels/wasm-kernels';
import { backendOrder, isSoftwareAdapter, isSoftwareRenderer, type BackendProbe } from './backend-order';

// The threaded build crashes in a production bundle of a cross-origin-isolated page, and threads
// gain nothing on 2 cores: always use the single-threaded (SIMD) binary.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

/** The part of the WebGPU API we read (declared here: the project does not load @webgpu/types). */
interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(opts?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

async function probeWebGpu(): Promise<AdapterReport | null> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null;
    const info = adapter.info ?? {};
    return {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      isFallback: isSoftwareAdapter(info, adapter.isFallbackAdapter),
    };
  } catch {
    return null;
  }
}

function probeWebGl(): boolean | null {
  try {
    if (typeof OffscreenCanvas === 'undefined') return null;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return isSoftwareRenderer(renderer);
  } catch {
    return null;
  }
}

export async function probeBackends(): Promise<BackendProbe> {
  return { webgpu: await probeWebGpu(), webglSoftware: probeWebGl(), wasm: typeof WebAssembly === 'object' };
}

/** Activates the first backend of the plan that really comes up (never one of `avoid`); reports what happened. */
export async function initBackend(requested: BackendName | null, avoid: readonly BackendName[] = []): Promise<HelloResult> {
  const probe = await probeBackends();
  const plan = backendOrder(requested, probe, avoid);
  const attempts: BackendAttempt[] = [];
  installWasmKernels(); // before the first wasm kernel runs (src/core/kernels/wasm-kernels.ts)
  for (const name of plan.order) {
    try {
      const ok = await tf.setBackend(name);
      await tf.ready();
      const got = tf.getBackend();
      if (ok && got === name) {
        attempts.push({ name, ok: true });
        if (name === 'webgpu') watchDeviceLoss();
        const failed = attempts.filter((a) => !a.ok);
        const reason =
          requested !== null && name !== requested && !avoid.includes(requested)
            ? `?backend=${requested} failed (${failed[0]?.error ?? 'unavailable'}); fell back to ${name}`
            : plan.reason;
        return { protocol: PROTOCOL_VERSION, backend: name, requested, reason, webgpu: probe.webgpu, webglSoftware: probe.webglSoftware, attempts };
      }
      attempts.push({ name, ok: false, error: ok ? `TF.js is on "${got}" instead` : 'setBackend returned false' });
    } catch (err) {
      attempts.push({ name, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new Error(`no TF.js backend came up: ${attempts.map((a) => `${a.name}: ${a.error}`).join('; ')}`);
}

interface GpuDeviceLike {
  lost?: Promise<{ message?: string; reason?: string }>;
  destroy?: () => void;
}

/** The WebGPU device of the active backend, or null on another backend. */
function gpuDevice(): GpuDeviceLike | null {
  return (tf.backend() as unknown as { device?: GpuDeviceLike }).device ?? null;
}

/**
 * Destroys the WebGPU device (the test hook of a device loss: device.lost resolves with reason
 * "destroyed" and the worker fails as on a real loss); false when the backend has no device.
 */
export function loseGpuDevice(): boolean {
  const device = gpuDevice();
  if (tf.getBackend() !== 'webgpu' || !device?.destroy) return false;
  device.destroy();
  return true;
}

/**
 * A lost GPU device (driver reset, another tab, the OS) leaves every WebGPU tensor unusable. The
 * worker then fails loudly: an uncaught error reaches the page's `error` event, and the page
 * restarts the worker and reloads its models (ui/worker-host.ts), with back-off, and gives the
 * backend up when it keeps failing (ui/restart-policy.ts).
 */
function watchDeviceLoss(): void {
  void gpuDevice()?.lost?.then((info) => {
    setTimeout(() => {
      throw new Error(`GPU device lost (${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''})`);
    }, 0);
  });
}
