import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { FRAMING, preprocessImage } from '../../core/data/preprocess-image';
import { MAX_IMAGE_BYTES, checkImageBytes, checkImageFile, decodeSize, inkShare, preparePicture, sniffImage, type DecodedPicture } from './image-file';

/** A PNG file of a dark 12 × 40 bar on white paper, at (30, 10) of a 60 × 60 picture. */
function barPng(): Uint8Array<ArrayBuffer> {
  const png = new PNG({ width: 60, height: 60 });
  for (let y = 0; y < 60; y++) {
    for (let x = 0; x < 60; x++) {
      const i = 4 * (y * 60 + x);
      const ink = x >= 30 && x < 42 && y >= 10 && y < 50;
      png.data.fill(ink ? 20 : 240, i, i + 3);
      png.data[i + 3] = 255;
    }
  }
  return Uint8Array.from(PNG.sync.write(png));
}

/** pngjs in place of the browser's createImageBitmap + canvas. */
const decodePng = async (b: Blob): Promise<DecodedPicture> => {
  const png = PNG.sync.read(Buffer.from(await b.arrayBuffer()));
  return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data) };
};
const mnist = (img: DecodedPicture) => preprocessImage(img, FRAMING.mnist);

describe('checkImageFile', () => {
  it('takes PNG and JPEG by type, or by name when the type is unknown', () => {
    expect(checkImageFile({ name: 'a.png', size: 10, type: 'image/png' })).toEqual({ kind: 'png' });
    expect(checkImageFile({ name: 'photo.JPG', size: 10, type: '' })).toEqual({ kind: 'jpeg' });
    expect(checkImageFile({ name: '', size: 10, type: 'image/jpeg' })).toEqual({ kind: 'jpeg' });
  });

  it('refuses other kinds, empty and huge files, each with a message naming the file', () => {
    expect(checkImageFile({ name: 'notes.txt', size: 10, type: 'text/plain' })).toEqual({ error: 'notes.txt is a text/plain file: choose a PNG or JPEG picture' });
    expect(checkImageFile({ name: 'anim.gif', size: 10, type: 'image/gif' })).toEqual({ error: 'anim.gif is a image/gif file: choose a PNG or JPEG picture' });
    expect(checkImageFile({ name: 'model.bin', size: 10, type: '' })).toEqual({ error: 'model.bin is a .bin file: choose a PNG or JPEG picture' });
    expect(checkImageFile({ name: 'x.png', size: 0, type: 'image/png' })).toEqual({ error: 'x.png is empty (0 bytes)' });
    expect(checkImageFile({ name: 'big.jpg', size: MAX_IMAGE_BYTES + 1, type: 'image/jpeg' })).toEqual({
      error: 'big.jpg has 10,485,761 bytes; pictures of at most 10,485,760 bytes (10 MiB) are read',
    });
    expect('error' in checkImageFile({ name: 'ok.jpg', size: MAX_IMAGE_BYTES, type: 'image/jpeg' })).toBe(false);
  });
});

describe('sniffImage', () => {
  it('knows a PNG by its signature and a JPEG by its start-of-image marker', () => {
    expect(sniffImage(barPng().subarray(0, 16))).toBe('png');
    expect(sniffImage([0xff, 0xd8, 0xff, 0xe0])).toBe('jpeg');
    expect(sniffImage(new TextEncoder().encode('hello, not a png'))).toBeNull();
    expect(checkImageBytes({ name: 'fake.png' }, [1, 2, 3])).toBe('fake.png could not be read: its bytes are not a PNG or JPEG picture');
  });
});

describe('decodeSize', () => {
  it('scales large pictures down to fit 1024 a side, keeping the aspect, and never scales up', () => {
    expect(decodeSize(4000, 3000)).toEqual({ width: 1024, height: 768 });
    expect(decodeSize(300, 5000)).toEqual({ width: 61, height: 1024 });
    expect(decodeSize(60, 40)).toEqual({ width: 60, height: 40 });
    expect(() => decodeSize(0, 5)).toThrow('the picture has no pixels (0 × 5)');
  });
});

describe('preparePicture', () => {
  it('decodes a PNG and makes it MNIST-like: inverted, the bar fitted to 20 pixels high, its mass centred', async () => {
    const file = new File([barPng()], 'bar.png', { type: 'image/png' });
    const r = await preparePicture(file, decodePng, mnist);
    if ('error' in r) throw new Error(r.error);
    expect(r.picture.name).toBe('bar.png');
    expect([r.picture.original.width, r.picture.original.height]).toEqual([60, 60]);
    const px = r.picture.pixels;
    expect(px.length).toBe(784);
    // 12 × 40 → 6 × 20, its centre of mass (3, 10) moved to 14.5 rounded half up (core
    // preprocess-image.ts step 6): offset (12, 5), so rows 5…24 and columns 12…17; light on black.
    const rows = new Set<number>();
    const cols = new Set<number>();
    px.forEach((v, i) => {
      if (v > 128) {
        rows.add(Math.floor(i / 28));
        cols.add(i % 28);
      }
    });
    expect([Math.min(...rows), Math.max(...rows)]).toEqual([5, 24]);
    expect([...cols].sort((a, b) => a - b)).toEqual([12, 13, 14, 15, 16, 17]);
    expect(px[0]).toBe(0);
    expect(inkShare(px)).toBeCloseTo(120 / 784, 6);
  });

  it('refuses a file that is not a picture, one whose bytes are not, one that cannot be decoded and a blank picture, naming the file', async () => {
    const text = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    expect(await preparePicture(text, decodePng, mnist)).toEqual({ error: 'notes.txt is a text/plain file: choose a PNG or JPEG picture' });
    const fake = new File(['hello, not a png at all'], 'fake.png', { type: 'image/png' });
    expect(await preparePicture(fake, decodePng, mnist)).toEqual({ error: 'fake.png could not be read: its bytes are not a PNG or JPEG picture' });
    const cut = new File([barPng().subarray(0, 60)], 'cut.png', { type: 'image/png' });
    const r = await preparePicture(cut, decodePng, mnist);
    expect('error' in r && r.error).toMatch(/^cut\.png could not be read as a picture \(.+\)$/);
    const blank = new PNG({ width: 8, height: 8 });
    blank.data.fill(255);
    const white = new File([Uint8Array.from(PNG.sync.write(blank))], 'white.png', { type: 'image/png' });
    expect(await preparePicture(white, decodePng, mnist)).toEqual({ error: 'white.png: the image shows no object: it is (nearly) one colour' });
  });
});
