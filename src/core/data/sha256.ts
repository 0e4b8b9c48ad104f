/**
 * SHA-256 with WebCrypto (crypto.subtle: browsers in a secure context, workers, Node ≥ 19).
 */

/** Lower-case hex SHA-256 of the bytes. Throws a clear Error where crypto.subtle is missing. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('SHA-256 verification needs crypto.subtle (a secure context: https or localhost)');
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
