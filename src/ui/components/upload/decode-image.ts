/**
 * Decodes a picture file in the page: the browser's decoder (createImageBitmap) draws it on a canvas,
 * scaled down to fit DECODE_SIDE a side (lib/image-file.ts decodeSize), and the canvas gives its RGBA
 * pixels (not premultiplied: transparency stays for the preprocessing). Rejects with the browser's
 * message when the file cannot be decoded.
 */
import { decodeSize, type DecodedPicture } from '../../lib/image-file';

export async function decodePicture(file: Blob): Promise<DecodedPicture> {
  const bitmap = await createImageBitmap(file);
  try {
    const { width, height } = decodeSize(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
    const { data } = ctx.getImageData(0, 0, width, height);
    return { width, height, data };
  } finally {
    bitmap.close();
  }
}

/** Paints RGBA pixels into a canvas of their size (the previews; CSS scales it). */
export function paintRgba(canvas: HTMLCanvasElement, rgba: Uint8ClampedArray, width: number, height: number): void {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  canvas.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
}
