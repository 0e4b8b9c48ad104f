import { describe, expect, it } from 'vitest';
import { decodeFashionBytes, decodeFashionJson } from './fashionJson';

const img = (v: number) => Array.from({ length: 784 }, (_, p) => (v + p) % 256);
const enc = (s: string) => new TextEncoder().encode(s);

describe('decodeFashionBytes / decodeFashionJson', () => {
  it('decodes images row-major and skips empty entries, keeping file indices', () => {
    const text = JSON.stringify({ data: [img(0), [], img(7)] });
    for (const r of [decodeFashionBytes(enc(text), 'f'), decodeFashionJson(text, 'f')]) {
      expect(r.images.length).toBe(2 * 784);
      expect(r.images[784 + 3]).toBe(10);
      expect(Array.from(r.index)).toEqual([0, 2]);
      expect(r.empty).toEqual([1]);
    }
  });

  it('gives the same result on the fast path and on JSON with unusual layout', () => {
    const data = [img(1), img(200)];
    const spaced = `\n{ "data" : [ ${data.map((d) => `[ ${d.join(' ,\n')} ]`).join(' , ')} ] }\n`;
    const extraKey = JSON.stringify({ meta: 1, data }); // not the package layout → JSON.parse path
    const a = decodeFashionBytes(enc(spaced), 'f');
    const b = decodeFashionBytes(enc(extraKey), 'f');
    expect(Array.from(a.images)).toEqual(Array.from(b.images));
    expect(a.images[784]).toBe(200);
  });

  it('names the file when the JSON is truncated', () => {
    const text = JSON.stringify({ data: [img(0), img(1)] });
    expect(() => decodeFashionBytes(enc(text.slice(0, 2000)), 'clothes/3.json')).toThrow(/^clothes\/3.json: not valid JSON \(.*\); the file may be truncated or corrupt$/);
  });

  it('names the entry and pixel of malformed images', () => {
    const short = JSON.stringify({ data: [img(0), img(0).slice(0, 783)] });
    expect(() => decodeFashionBytes(enc(short), 'f')).toThrow('f: entry 1 has 783 values, expected 784 (28×28); the file is corrupt');
    const big = img(0);
    big[17] = 256;
    expect(() => decodeFashionBytes(enc(JSON.stringify({ data: [big] })), 'f')).toThrow('f: entry 0, pixel 17 is 256, expected an integer in 0…255');
    const frac = img(0);
    frac[3] = 1.5;
    expect(() => decodeFashionBytes(enc(JSON.stringify({ data: [frac] })), 'f')).toThrow('f: entry 0, pixel 3 is 1.5');
    expect(() => decodeFashionBytes(enc('{"images": []}'), 'f')).toThrow('f: expected an object with a "data" array of images');
    expect(() => decodeFashionBytes(enc('{"data": [5]}'), 'f')).toThrow('f: entry 0 is not an array');
  });
});
