/**
 * A compact, lossless text form of one 28 × 28 block of grey levels for the URL: zero runs are
 * written as (0, run length 1…255), other bytes as themselves, and the byte string is base64url
 * (RFC 4648 §5, no padding). A handwritten digit (~80 % background) takes ~200 characters.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((ch, i) => [ch, i]));

export function base64url(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Decodes base64url; null on a character outside the alphabet or an impossible length. */
export function fromBase64url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    const chunk = text.slice(i, i + 4);
    for (let k = 0; k < 4; k++) {
      const v = k < chunk.length ? INDEX.get(chunk[k]) : 0;
      if (v === undefined) return null;
      n = (n << 6) | v;
    }
    const bytes = chunk.length - 1;
    for (let k = 0; k < bytes; k++) out[o++] = (n >> (16 - 8 * k)) & 255;
  }
  return out;
}

/** Encodes grey levels (any length) with zero-run coding and base64url. */
export function encodeGrey(px: ArrayLike<number>): string {
  const bytes: number[] = [];
  for (let i = 0; i < px.length; ) {
    if (px[i] === 0) {
      let run = 0;
      while (i < px.length && px[i] === 0 && run < 255) {
        run++;
        i++;
      }
      bytes.push(0, run);
    } else bytes.push(px[i++]);
  }
  return base64url(bytes);
}

/** Decodes `encodeGrey` output of exactly `length` values; null when malformed. */
export function decodeGrey(text: string, length: number): Uint8Array | null {
  const bytes = fromBase64url(text);
  if (!bytes) return null;
  const out = new Uint8Array(length);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      const run = bytes[++i];
      if (run === undefined || run === 0 || o + run > length) return null;
      o += run; // already zero
    } else {
      if (o >= length) return null;
      out[o++] = bytes[i];
    }
  }
  return o === length ? out : null;
}
