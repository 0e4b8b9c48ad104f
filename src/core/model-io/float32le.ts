/** float32 little-endian packing, independent of the platform's byte order. */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Copies `values` (concatenated) into a new buffer of float32 little-endian. */
export function packFloat32LE(values: readonly Float32Array[]): ArrayBuffer {
  const total = values.reduce((s, v) => s + v.length, 0);
  const buf = new ArrayBuffer(total * 4);
  if (LITTLE_ENDIAN) {
    const out = new Float32Array(buf);
    let off = 0;
    for (const v of values) {
      out.set(v, off);
      off += v.length;
    }
  } else {
    const dv = new DataView(buf);
    let off = 0;
    for (const v of values) for (let i = 0; i < v.length; i++, off += 4) dv.setFloat32(off, v[i], true);
  }
  return buf;
}

/** Reads `count` float32 little-endian values starting at `byteOffset` into a new Float32Array. */
export function readFloat32LE(buf: ArrayBuffer, byteOffset: number, count: number): Float32Array {
  if (LITTLE_ENDIAN) return new Float32Array(buf.slice(byteOffset, byteOffset + count * 4));
  const dv = new DataView(buf, byteOffset, count * 4);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = dv.getFloat32(i * 4, true);
  return out;
}
