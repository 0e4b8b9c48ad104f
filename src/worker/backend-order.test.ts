import { describe, expect, it } from 'vitest';
import { backendOrder, isSoftwareAdapter, isSoftwareRenderer, parseBackendParam } from './backend-order';

const swiftshader = { vendor: 'google', architecture: 'swiftshader', isFallback: true };
const nvidia = { vendor: 'nvidia', architecture: 'hopper', isFallback: false };

describe('backendOrder', () => {
  it('puts a real WebGPU adapter first', () => {
    expect(backendOrder(null, { webgpu: nvidia, webglSoftware: false, wasm: true }).order).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
  it('prefers WASM over a software-only WebGPU adapter (SwiftShader)', () => {
    const plan = backendOrder(null, { webgpu: swiftshader, webglSoftware: true, wasm: true });
    expect(plan.order).toEqual(['wasm', 'webgl', 'webgpu', 'cpu']);
    expect(plan.reason).toBe('software WebGPU (swiftshader) and software WebGL only: WASM is faster');
  });
  it('uses hardware WebGL before WASM when WebGPU is software', () => {
    expect(backendOrder(null, { webgpu: swiftshader, webglSoftware: false, wasm: true }).order).toEqual(['webgl', 'wasm', 'webgpu', 'cpu']);
  });
  it('falls back to the software GPU backends before cpu only without WebAssembly', () => {
    expect(backendOrder(null, { webgpu: swiftshader, webglSoftware: true, wasm: false }).order).toEqual(['webgl', 'webgpu', 'cpu']);
  });
  it('ends with cpu when nothing else exists', () => {
    expect(backendOrder(null, { webgpu: null, webglSoftware: null, wasm: false })).toEqual({ order: ['cpu'], reason: 'no WebAssembly; cpu is the best left' });
  });
  it('puts a forced backend first and keeps the rest as fallbacks', () => {
    const plan = backendOrder('webgpu', { webgpu: swiftshader, webglSoftware: true, wasm: true });
    expect(plan.order).toEqual(['webgpu', 'wasm', 'webgl', 'cpu']);
    expect(plan.reason).toBe('forced by ?backend=webgpu');
    expect(backendOrder('cpu', { webgpu: nvidia, webglSoftware: false, wasm: true }).order).toEqual(['cpu', 'webgpu', 'webgl', 'wasm']);
  });
});

describe('backendOrder with backends to avoid (given up by the page after repeated failures)', () => {
  it('leaves them out: the next of the order comes first, and the reason says why', () => {
    const plan = backendOrder(null, { webgpu: nvidia, webglSoftware: false, wasm: true }, ['webgpu']);
    expect(plan.order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(plan.reason).toBe('webgl after webgpu failed repeatedly (WebGPU adapter nvidia/hopper)');
    expect(backendOrder(null, { webgpu: nvidia, webglSoftware: false, wasm: true }, ['webgpu', 'webgl']).order).toEqual(['wasm', 'cpu']);
  });
  it('leaves out a forced backend too, and never cpu', () => {
    expect(backendOrder('webgpu', { webgpu: swiftshader, webglSoftware: true, wasm: true }, ['webgpu']).order).toEqual(['wasm', 'webgl', 'cpu']);
    expect(backendOrder('wasm', { webgpu: null, webglSoftware: null, wasm: true }, ['wasm', 'cpu']).order).toEqual(['cpu']);
  });
});

describe('adapter and renderer detection', () => {
  it('treats SwiftShader or a fallback flag as software', () => {
    expect(isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'ampere' }, true)).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'ampere' }, false)).toBe(false);
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0)')).toBe(false);
  });
  it('parses ?backend= strictly', () => {
    expect([parseBackendParam('wasm'), parseBackendParam('WASM'), parseBackendParam(null), parseBackendParam('webgpu')]).toEqual(['wasm', null, null, 'webgpu']);
  });
});
