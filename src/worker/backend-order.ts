/**
 * Which TF.js backends to try, in order: a pure decision over what the worker probed, so that it
 * is tested without a browser. Runtime probing and setBackend live in init-backend.ts.
 *
 * Default order (ENVIRONMENT.md measurements in a browser worker, RNN train step, median ms:
 * wasm 188, webgl-SwiftShader 321, cpu 1,020, webgpu-SwiftShader 3,142):
 *   1. webgpu, when a real (non-fallback) adapter exists;
 *   2. webgl, unless its renderer is software (SwiftShader / llvmpipe) and wasm is available;
 *   3. wasm;
 *   4. software webgl, then software webgpu (only reached without wasm);
 *   5. cpu, which always works.
 * A software WebGPU adapter (isFallbackAdapter, or SwiftShader) with wasm available therefore
 * gives wasm. Skipping a software WebGL renderer for wasm is the same rule applied to WebGL (our
 * extension: it is slower than wasm by the same measurements).
 * A forced backend (`?backend=`) goes first; the default order follows it in case it fails.
 * Backends in `avoid` (given up by the page after repeated device losses or crashes, ui/restart-policy.ts)
 * are left out, a forced one too; cpu is never left out, so the plan is never empty.
 */
import { BACKEND_NAMES, type AdapterReport, type BackendName } from '../protocol/messages';

export interface BackendProbe {
  /** The WebGPU adapter, or null when navigator.gpu or an adapter is missing. */
  webgpu: AdapterReport | null;
  /** true: software WebGL renderer; false: hardware; null: no WebGL context could be made. */
  webglSoftware: boolean | null;
  /** WebAssembly is available. */
  wasm: boolean;
}

export interface BackendPlan {
  order: BackendName[];
  reason: string;
}

export function backendOrder(requested: BackendName | null, probe: BackendProbe, avoid: readonly BackendName[] = []): BackendPlan {
  const skip: BackendName[] = avoid.filter((b) => b !== 'cpu');
  if (skip.length > 0) {
    const plan = backendOrder(requested !== null && skip.includes(requested) ? null : requested, probe);
    const order = plan.order.filter((b) => !skip.includes(b));
    return { order, reason: `${order[0]} after ${skip.join(' and ')} failed repeatedly (${plan.reason})` };
  }
  const gpuHard = probe.webgpu !== null && !probe.webgpu.isFallback;
  const gpuSoft = probe.webgpu !== null && probe.webgpu.isFallback;
  const glHard = probe.webglSoftware === false;
  const glSoft = probe.webglSoftware === true;
  const order: BackendName[] = [];
  const add = (b: BackendName, when: boolean) => {
    if (when && !order.includes(b)) order.push(b);
  };
  add('webgpu', gpuHard);
  add('webgl', glHard);
  add('wasm', probe.wasm);
  add('webgl', glSoft);
  add('webgpu', gpuSoft);
  add('cpu', true);

  let reason: string;
  if (gpuHard) reason = `WebGPU adapter ${probe.webgpu!.vendor}/${probe.webgpu!.architecture}`;
  else if (order[0] === 'webgl') reason = 'hardware WebGL, no hardware WebGPU adapter';
  else if (order[0] === 'wasm') {
    const soft = [gpuSoft && `software WebGPU (${probe.webgpu!.architecture || 'fallback adapter'})`, glSoft && 'software WebGL']
      .filter(Boolean)
      .join(' and ');
    reason = soft ? `${soft} only: WASM is faster` : 'no GPU backend available';
  } else reason = `no WebAssembly; ${order[0]} is the best left`;

  if (requested !== null) return { order: [requested, ...order.filter((b) => b !== requested)], reason: `forced by ?backend=${requested}` };
  return { order, reason };
}

/** Parses the `?backend=` URL parameter; null when absent or not a backend name. */
export function parseBackendParam(value: string | null): BackendName | null {
  return (BACKEND_NAMES as readonly string[]).includes(value ?? '') ? (value as BackendName) : null;
}

/** Is this adapter a software one? (adapter.info.isFallbackAdapter, the adapter's own flag, or SwiftShader) */
export function isSoftwareAdapter(info: { architecture?: string; vendor?: string; description?: string; isFallbackAdapter?: boolean }, adapterFlag?: boolean): boolean {
  if (info.isFallbackAdapter === true || adapterFlag === true) return true;
  return /swiftshader|llvmpipe|software/i.test(`${info.architecture ?? ''} ${info.vendor ?? ''} ${info.description ?? ''}`);
}

/** Is this WebGL renderer string a software renderer? */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
}
