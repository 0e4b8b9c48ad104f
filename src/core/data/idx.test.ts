import { describe, expect, it } from 'vitest';
import { decodeIdx, decodeIdxImages, decodeIdxLabels, encodeIdx } from './idx';

const images = (n: number) => encodeIdx([n, 28, 28], Uint8Array.from({ length: n * 784 }, (_, i) => i % 251));

describe('decodeIdx', () => {
  it('decodes dimensions (big-endian) and the body of an IDX file', () => {
    const bytes = encodeIdx([2, 3], Uint8Array.from([1, 2, 3, 4, 5, 6]));
    expect(Array.from(bytes.subarray(0, 12))).toEqual([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3]);
    const a = decodeIdx(bytes, 'x');
    expect(a.dims).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('decodes a 3-image file into 3×784 pixels', () => {
    const { n, images: px } = decodeIdxImages(images(3), 'imgs');
    expect(n).toBe(3);
    expect(px.length).toBe(3 * 784);
    expect(px[784 + 5]).toBe((784 + 5) % 251);
  });

  it('names the file and the missing byte count when the body is truncated', () => {
    const bytes = images(3).subarray(0, 16 + 3 * 784 - 10);
    expect(() => decodeIdxImages(bytes, 'train-images-idx3-ubyte')).toThrow(
      'train-images-idx3-ubyte: truncated: dimensions 3×28×28 need 2368 bytes, the file has 2358 (10 missing)',
    );
  });

  it('rejects a truncated header, trailing bytes, a wrong magic and a wrong type', () => {
    expect(() => decodeIdx(Uint8Array.from([0, 0, 8]), 'f')).toThrow(/^f: not an IDX file: 3 bytes/);
    expect(() => decodeIdx(Uint8Array.from([0, 0, 8, 3, 0, 0]), 'f')).toThrow(/^f: truncated IDX header: 3 dimensions need 16 header bytes, the file has 6/);
    const extra = new Uint8Array(images(1).length + 4);
    extra.set(images(1));
    expect(() => decodeIdx(extra, 'f')).toThrow(/^f: corrupt: .* \(4 extra\)/);
    const gz = Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
    expect(() => decodeIdx(gz, 'f.gz')).toThrow(/^f.gz: not an IDX file: magic number starts with 1f 8b 08 00/);
    const floats = encodeIdx([1], Uint8Array.from([0]));
    floats[2] = 0x0d;
    expect(() => decodeIdx(floats, 'f')).toThrow(/0x0d \(float32\) is not supported/);
  });

  it('checks image shape and label range', () => {
    expect(() => decodeIdxImages(encodeIdx([2, 27, 28], new Uint8Array(2 * 27 * 28)), 'f')).toThrow(/expected images of shape n×28×28, the IDX header says 2×27×28/);
    expect(() => decodeIdxLabels(images(1), 'f')).toThrow(/expected a label vector/);
    expect(() => decodeIdxLabels(encodeIdx([3], Uint8Array.from([1, 12, 3])), 'labels')).toThrow('labels: corrupt: label 12 at index 1 is outside 0…9');
    expect(Array.from(decodeIdxLabels(encodeIdx([3], Uint8Array.from([9, 0, 4])), 'f'))).toEqual([9, 0, 4]);
  });
});
