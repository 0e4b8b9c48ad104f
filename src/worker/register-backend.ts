import type { BackendName } from '../protocol/messages';

/**
 * The other backends are separate chunks, loaded (and registered with TF.js) only when the worker
 * tries them: WASM is the usual choice, and the WebGL and WebGPU backends are two thirds of the
 * worker's code, parsed for nothing on a machine without a GPU.
 */
const LOADERS: Partial<Record<BackendName, () => Promise<unknown>>> = {
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
};

/** Registers `backend` with TF.js (imports its module once); WASM is always registered. */
export async function registerBackend(backend: BackendName): Promise<void> {
  await LOADERS[backend]?.();
}
