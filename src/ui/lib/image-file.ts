/**
 * A user's picture for a block (issue 14, part 3): the checks of a chosen, pasted or dropped file
 * before it is decoded (its kind by name, type and first bytes, and its size), the size it is decoded
 * at, and the grey levels of a 28 × 28 result for the previews. Pure (no DOM): the page decodes the
 * file (components/upload/decode-image.ts) and the core makes it MNIST-like
 * (core/data/preprocess-image.ts).
 */
import { fmtInt } from '../format';

/** The largest picture file read: 10 MiB (a phone photo is 2–6 MB; the result is 28 × 28). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/**
 * Pictures are decoded at most this many pixels a side (scaled down, keeping the aspect, by the
 * browser as it draws them): the object ends up in 20 × 20 pixels, and the core refuses pictures over
 * 4,096 a side (MAX_IMAGE_SIDE).
 */
export const DECODE_SIDE = 1024;

export type ImageKind = 'png' | 'jpeg';

/** What the checks need of a file (a browser File fits). */
export interface ChosenImage {
  name: string;
  size: number;
  /** The MIME type the browser gives ('' when it does not know). */
  type: string;
}

const KIND_BY_TYPE: Record<string, ImageKind> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/pjpeg': 'jpeg' };
const KIND_BY_EXT: Record<string, ImageKind> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', jpe: 'jpeg', jfif: 'jpeg' };
const PLAIN = 'a PNG or JPEG picture';

/** The file's name for messages ("the pasted picture" when it has none). */
export const nameOf = (f: Pick<ChosenImage, 'name'>) => (f.name ? f.name : 'the pasted picture');

/**
 * Refuses, before a byte is read: an empty file, a file over MAX_IMAGE_BYTES, and one whose type or
 * name says it is no PNG or JPEG. Returns the kind it claims to be, or the message.
 */
export function checkImageFile(f: ChosenImage): { kind: ImageKind } | { error: string } {
  const name = nameOf(f);
  const ext = /\.([a-z0-9]+)$/i.exec(f.name)?.[1]?.toLowerCase() ?? '';
  const kind = KIND_BY_TYPE[f.type.toLowerCase()] ?? (f.type === '' || f.type === 'application/octet-stream' ? KIND_BY_EXT[ext] : undefined);
  if (!kind) {
    const what = f.type ? `a ${f.type} file` : ext ? `a .${ext} file` : 'not a picture';
    return { error: `${name} is ${what}: choose ${PLAIN}` };
  }
  if (f.size === 0) return { error: `${name} is empty (0 bytes)` };
  if (f.size > MAX_IMAGE_BYTES) return { error: `${name} has ${fmtInt(f.size)} bytes; pictures of at most ${fmtInt(MAX_IMAGE_BYTES)} bytes (10 MiB) are read` };
  return { kind };
}

/** The kind the first bytes show (PNG signature, JPEG SOI marker), or null. */
export function sniffImage(head: ArrayLike<number>): ImageKind | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (head.length >= 8 && png.every((b, i) => head[i] === b)) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  return null;
}

/** After reading the first bytes: null when they are a PNG's or a JPEG's, else the message. */
export function checkImageBytes(f: Pick<ChosenImage, 'name'>, head: ArrayLike<number>): string | null {
  if (sniffImage(head) !== null) return null;
  return `${nameOf(f)} could not be read: its bytes are not ${PLAIN}`;
}

/** The size a w × h picture is decoded at: scaled down to fit `side` × `side`, keeping the aspect (never up). */
export function decodeSize(w: number, h: number, side = DECODE_SIDE): { width: number; height: number } {
  if (!(w >= 1 && h >= 1)) throw new Error(`the picture has no pixels (${w} × ${h})`);
  const s = Math.min(1, side / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * s)), height: Math.max(1, Math.round(h * s)) };
}

/** Share of the 28 × 28 result that is ink (grey level above 10% of the full scale): the preview's "empty" check. */
export function inkShare(pixels: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < pixels.length; i++) if (pixels[i] > 25) n++;
  return pixels.length ? n / pixels.length : 0;
}

/** A decoded picture: RGBA bytes, row-major (what a canvas's getImageData gives). */
export interface DecodedPicture {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** A picture made ready for a block: the decoded original (for the "before" preview) and the 28 × 28 result. */
export interface PreparedPicture {
  name: string;
  original: DecodedPicture;
  /** 28 × 28 grey levels, light on black, framed as the dataset's images. */
  pixels: Uint8Array;
}

/**
 * The whole path of a chosen file, every step refusing with a message that names the file: its kind
 * and size (checkImageFile), its first bytes (checkImageBytes), decoding (`decode`: the browser's
 * createImageBitmap and a canvas in the page, pngjs in tests) and the MNIST-like preprocessing
 * (`preprocess`: core/data/preprocess-image.ts with the dataset's framing).
 */
export async function preparePicture(
  file: Blob & { name: string },
  decode: (file: Blob) => Promise<DecodedPicture>,
  preprocess: (img: DecodedPicture) => Uint8Array,
): Promise<{ picture: PreparedPicture } | { error: string }> {
  const checked = checkImageFile(file);
  if ('error' in checked) return checked;
  const name = nameOf(file);
  let head: Uint8Array;
  try {
    head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  } catch (err) {
    return { error: `${name} could not be read (${err instanceof Error ? err.message : String(err)})` };
  }
  const bad = checkImageBytes(file, head);
  if (bad) return { error: bad };
  let original: DecodedPicture;
  try {
    original = await decode(file);
  } catch (err) {
    return { error: `${name} could not be read as a picture (${err instanceof Error ? err.message : String(err)})` };
  }
  try {
    return { picture: { name, original, pixels: preprocess(original) } };
  } catch (err) {
    return { error: `${name}: ${err instanceof Error ? err.message : String(err)}` };
  }
}
