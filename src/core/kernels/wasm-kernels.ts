/**
 * Two kernels of tfjs-backend-wasm replaced by ones that copy less.
 *
 * Slice: copies only the slice.
 *
 * TF.js 4.22's wasm Slice starts with `backend.readSync(x.dataId)`, which copies the *whole* input out
 * of the wasm heap (HEAPU8.slice) before taking the piece: cutting a [T·N, d] step batch into T steps
 * costs T full copies (≈ 1.3 ms per step of a 200-sequence MAJ batch here, against ≈ 0.01 ms for the
 * piece itself). This kernel reads the input through a view of the heap instead (no copy) and moves a
 * contiguous slice with one typed-array `set`; other slices walk the view row by row. String tensors
 * go to the original kernel. Same semantics as the original (tested against it, kernels.test.ts).
 *
 * Identity (tf.clone, and every tensor the gradient tape saves: a Slice under the tape saves its whole
 * input): the stock kernel copies the data; this one shares it, as the wasm Reshape kernel and the cpu
 * backend's Identity do (tensors are immutable; a Variable's assign swaps its data instead of writing).
 *
 * `installWasmKernels()` swaps them in for the 'wasm' backend; the backend choosers call it
 * (src/node/tf-backend.ts, src/worker/init-backend.ts, test/tf-backend.ts). Idempotent.
 */
import * as tf from '../tf';

/** What this kernel needs of tfjs-backend-wasm's BackendWasm (its public methods). */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  incRef(dataId: tf.DataId): void;
}

let installed: tf.KernelConfig | null = null;

function viewSlice(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }, original: tf.KernelConfig): tf.TensorInfo {
  const x = args.inputs.x as tf.TensorInfo;
  if (x.dtype === 'string') return original.kernelFunc(args as never) as tf.TensorInfo;
  const backend = args.backend as WasmBackendLike;
  const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
  const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
  const out = backend.makeOutput(s, x.dtype);
  const n = tf.util.sizeFromShape(s);
  if (n === 0) return out;
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, b, s)) {
    const off = tf.slice_util.computeFlatOffset(b, strides);
    dst.set(src.subarray(off, off + n));
    return out;
  }
  // General case: copy runs along the last axis, walking the outer indices like an odometer.
  const rank = s.length;
  const inner = s[rank - 1];
  const idx = new Array<number>(rank - 1).fill(0);
  let o = 0;
  for (;;) {
    let off = b[rank - 1];
    for (let k = 0; k < rank - 1; k++) off += (b[k] + idx[k]) * strides[k];
    dst.set(src.subarray(off, off + inner), o);
    o += inner;
    if (o >= n) break;
    let k = rank - 2;
    while (k >= 0 && ++idx[k] === s[k]) idx[k--] = 0;
  }
  return out;
}

/** The input's data under a new tensor (the reference count goes up, as in the wasm Reshape kernel). */
function sharedIdentity(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }, original: tf.KernelConfig): tf.TensorInfo {
  const x = args.inputs.x as tf.TensorInfo;
  if (x.dtype === 'string') return original.kernelFunc(args as never) as tf.TensorInfo;
  (args.backend as WasmBackendLike).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Whether installWasmKernels() has swapped the kernels in. */
export function wasmKernelsInstalled(): boolean {
  return installed !== null;
}

/** Replace the 'wasm' backend's Slice and Identity kernels (no-op without the wasm backend's kernels). */
export function installWasmKernels(): void {
  if (installed) return;
  const slice = tf.getKernel('Slice', 'wasm');
  const identity = tf.getKernel('Identity', 'wasm');
  if (!slice || !identity) return;
  installed = slice;
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ kernelName: 'Slice', backendName: 'wasm', kernelFunc: (args) => viewSlice(args as never, slice) });
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ kernelName: 'Identity', backendName: 'wasm', kernelFunc: (args) => sharedIdentity(args as never, identity) });
}
