/**
 * Decoder for the IDX format of the MNIST files (yann.lecun.com/exdb/mnist): a 4-byte magic
 * (0, 0, type code, number of dimensions), one big-endian uint32 per dimension, then the data.
 * Only type 0x08 (unsigned byte) is supported, which is what MNIST uses. Every defect (short
 * header, wrong magic, wrong type, truncated or oversized body) is an Error naming the file.
 */
import { IMAGE_COLS, IMAGE_ROWS, NUM_CLASSES } from './imageSet';

/** An IDX array: its dimensions and a view on its uint8 body (row-major). */
export interface IdxArray {
  readonly dims: number[];
  readonly data: Uint8Array;
}

const TYPE_NAMES: Record<number, string> = { 0x08: 'uint8', 0x09: 'int8', 0x0b: 'int16', 0x0c: 'int32', 0x0d: 'float32', 0x0e: 'float64' };

/** Decodes an IDX file of unsigned bytes. `file` names the file in error messages. */
export function decodeIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) throw new Error(`${file}: not an IDX file: ${bytes.length} bytes, shorter than the 4-byte magic number`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new Error(`${file}: not an IDX file: magic number starts with ${hex}, expected 00 00 (is it gzip-compressed or corrupt?)`);
  }
  const type = bytes[2];
  if (type !== 0x08) {
    throw new Error(`${file}: IDX data type 0x${type.toString(16).padStart(2, '0')} (${TYPE_NAMES[type] ?? 'unknown'}) is not supported, expected 0x08 (uint8)`);
  }
  const ndims = bytes[3];
  if (ndims < 1) throw new Error(`${file}: IDX header declares 0 dimensions`);
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) {
    throw new Error(`${file}: truncated IDX header: ${ndims} dimensions need ${headerLength} header bytes, the file has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let size = 1;
  for (let d = 0; d < ndims; d++) {
    const v = view.getUint32(4 + 4 * d, false);
    dims.push(v);
    size *= v;
  }
  const expected = headerLength + size;
  if (bytes.length < expected) {
    throw new Error(`${file}: truncated: dimensions ${dims.join('×')} need ${expected} bytes, the file has ${bytes.length} (${expected - bytes.length} missing)`);
  }
  if (bytes.length > expected) {
    throw new Error(`${file}: corrupt: dimensions ${dims.join('×')} need ${expected} bytes, the file has ${bytes.length} (${bytes.length - expected} extra)`);
  }
  return { dims, data: bytes.subarray(headerLength) };
}

/** Decodes an IDX image file [n, 28, 28]; returns the pixels [n·784] (a view) and n. */
export function decodeIdxImages(bytes: Uint8Array, file: string): { n: number; images: Uint8Array } {
  const { dims, data } = decodeIdx(bytes, file);
  if (dims.length !== 3 || dims[1] !== IMAGE_ROWS || dims[2] !== IMAGE_COLS) {
    throw new Error(`${file}: expected images of shape n×28×28, the IDX header says ${dims.join('×')}`);
  }
  return { n: dims[0], images: data };
}

/** Decodes an IDX label file [n]; every label must be a class index 0…9. */
export function decodeIdxLabels(bytes: Uint8Array, file: string): Uint8Array {
  const { dims, data } = decodeIdx(bytes, file);
  if (dims.length !== 1) throw new Error(`${file}: expected a label vector (1 dimension), the IDX header says ${dims.join('×')}`);
  for (let i = 0; i < data.length; i++) {
    if (data[i] >= NUM_CLASSES) throw new Error(`${file}: corrupt: label ${data[i]} at index ${i} is outside 0…${NUM_CLASSES - 1}`);
  }
  return data;
}

/** Encodes a uint8 array as IDX (used by tests to make small fixture files). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new Error(`encodeIdx: dimensions ${dims.join('×')} need ${size} values, got ${data.length}`);
  const out = new Uint8Array(4 + 4 * dims.length + size);
  out[2] = 0x08;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
