/**
 * Chooses and activates the TF.js backend inside the worker: probes WebGPU (adapter.info), WebGL
 * (renderer string) and WebAssembly, asks backendOrder() for the order, measures the candidates
 * when more than one is worth trying (backend-choice.ts; cached per device in IndexedDB), and tries
 * each with tf.setBackend, checking tf.getBackend() afterwards because TF.js falls back silently.
 * This module (and the worker) is the only place of the web app that registers TF.js backends.
 */
import * as tf from '../core/tf';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Vite emits the .wasm binaries as assets and gives their URLs (ENVIRONMENT.md, wasm with Vite).
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { AdapterReport, BackendAttempt, BackendChoiceReport, BackendName, HelloResult } from '../protocol/messages';
import { PROTOCOL_VERSION } from '../protocol/messages';
import { installWasmKernels } from '../core/kernels/wasm-kernels';
import { choiceReason, deviceKey, emptyEntry, fastest, GRID_MEASURE, measure, measureCandidates, mergeTimings, toMeasure, TRAIN_MEASURE, withFirst, type ChoiceEntry, type Workload } from './backend-choice';
import { backendOrder, isSoftwareAdapter, isSoftwareRenderer, type BackendProbe } from './backend-order';
import { openChoiceStore, type ChoiceStore } from './choice-store';
import { registerBackend } from './register-backend';
import { DEFAULT_MEASURE_METHODS, gridWorkload, trainWorkload } from './measure-work';

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

export interface InitOptions {
  /** Measure exactly these backends (hello.candidates; software ones too). */
  candidates?: readonly BackendName[];
  /** The grid's methods: the work a measurement times. */
  methods?: readonly string[];
}

/** What the last hello found: the training choice measures the same candidates on the same device. */
let found: { probe: BackendProbe; candidates: BackendName[]; backend: BackendName } | null = null;
let stores: Promise<ChoiceStore> | null = null;

/**
 * Times `candidates` on `work` where this device's cache has no timing for them, caches the
 * timings, and reports the fastest (backend-choice.ts). The active backend afterwards is
 * whichever was measured last: the caller activates the one it wants.
 */
async function chooseByMeasuring(kind: 'grid' | 'train', candidates: BackendName[], probe: BackendProbe, work: () => Workload, batchSize?: number): Promise<BackendChoiceReport> {
  const store = await (stores ??= openChoiceStore());
  const key = deviceKey(probe, navigator.userAgent);
  const entry = (await store.get(key).catch(() => null)) ?? emptyEntry(key);
  const cached = kind === 'grid' ? entry.grid : entry.train[String(batchSize)];
  const missing = toMeasure(candidates, cached?.timings);
  let timings = cached?.timings ?? [];
  let measuredAt = cached?.measuredAt ?? Date.now();
  if (missing.length > 0) {
    timings = mergeTimings(timings, await measure(missing, work(), kind === 'grid' ? GRID_MEASURE : TRAIN_MEASURE));
    measuredAt = Date.now();
    const record = { timings, measuredAt };
    const next: ChoiceEntry = kind === 'grid' ? { ...entry, grid: record } : { ...entry, train: { ...entry.train, [String(batchSize)]: record } };
    await store.put(next).catch(() => undefined); // not cached: measured again next time
  }
  const mine = candidates.map((b) => timings.find((t) => t.backend === b)!);
  return { work: kind, batchSize, chosen: fastest(candidates, mine), timings: mine, cached: missing.length === 0, measuredAt };
}

/**
 * The backend a training run of `batchSize` sequences should use, measured like the grid's (a few
 * training steps per candidate, cached per device and batch size); null when the last hello had a
 * single candidate or a forced backend (the run stays where the worker is).
 */
export async function chooseTrainingBackend(batchSize: number): Promise<{ report: BackendChoiceReport; reason: string } | null> {
  if (!found || found.candidates.length < 2) return null;
  const report = await chooseByMeasuring('train', found.candidates, found.probe, () => trainWorkload(batchSize), batchSize);
  return { report, reason: choiceReason(report) };
}

/** The backend the last hello activated (a training run on another one comes back to it). */
export const helloBackend = (): BackendName | null => found?.backend ?? null;

/**
 * Activates the first backend of the plan that really comes up (never one of `avoid`); reports what
 * happened. Without a forced backend, where more than one is worth trying (a hardware GPU backend
 * beside WASM, or `candidates`), the fastest on a grid update goes first (measured once per device).
 */
export async function initBackend(requested: BackendName | null, avoid: readonly BackendName[] = [], opts: InitOptions = {}): Promise<HelloResult> {
  const probe = await probeBackends();
  const plan = backendOrder(requested, probe, avoid);
  const attempts: BackendAttempt[] = [];
  installWasmKernels(); // before the first wasm kernel runs (src/core/kernels/wasm-kernels.ts)
  const candidates = requested === null ? measureCandidates(plan.order, probe, opts.candidates ?? null) : [];
  let choice: BackendChoiceReport | null = null;
  if (candidates.length >= 2) {
    choice = await chooseByMeasuring('grid', candidates, probe, () => gridWorkload(opts.methods ?? DEFAULT_MEASURE_METHODS));
    plan.order = withFirst(plan.order, choice.chosen);
    plan.reason = choiceReason(choice);
  }
  for (const name of plan.order) {
    try {
      await registerBackend(name);
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
        found = { probe, candidates, backend: name };
        return { protocol: PROTOCOL_VERSION, backend: name, requested, reason, webgpu: probe.webgpu, webglSoftware: probe.webglSoftware, attempts, choice: name === choice?.chosen ? choice : null };
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
