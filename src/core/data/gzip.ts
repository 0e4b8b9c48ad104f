/**
 * Gzip decoding with the web-standard DecompressionStream (browsers, workers and Node ≥ 18).
 *
 * A `.gz` file may reach us still compressed (a static host serving it as application/gzip) or
 * already decoded by the HTTP layer (Vite's dev and preview servers send `.gz` files with
 * `Content-Encoding: gzip`, so fetch() hands back the plain bytes). maybeGunzip accepts both and
 * never decodes twice: it only decompresses bytes that start with the gzip magic number.
 */

/** True if the bytes start with the gzip magic number and the deflate method (1f 8b 08). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;
}

/** Decompresses gzip bytes. Rejects with an Error naming `what` if the data is not valid gzip. */
export async function gunzip(bytes: Uint8Array, what = 'data'): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (err) {
    throw new Error(`${what}: gzip decoding failed (${(err as Error).message}); the file is truncated or corrupt`);
  }
}

/** Decompresses only if the bytes are gzip (see the module comment); otherwise returns them as they are. */
export async function maybeGunzip(bytes: Uint8Array, what = 'data'): Promise<Uint8Array> {
  return isGzip(bytes) ? gunzip(bytes, what) : bytes;
}
