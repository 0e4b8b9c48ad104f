/** The production server's precompressed copies (scripts/lib/precompressed.ts): written at build time, served by encoding. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { acceptedEncodings, compressTree, precompressedMiddleware } from '../scripts/lib/precompressed';

const js = 'export const x = ' + JSON.stringify('a'.repeat(3000)) + ';\n';
let dir: string;
let server: Server;
let port: number;

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: url, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rrx-precompressed-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'assets', 'app-1234.js'), js);
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html>' + '<p>x</p>'.repeat(300));
  writeFileSync(path.join(dir, 'small.js'), 'export {};');
  writeFileSync(path.join(dir, 'data.u8.gz'), Buffer.alloc(4096));
  expect(compressTree(dir)).toBe(2);
  const mw = precompressedMiddleware(dir);
  server = createServer((req, res) =>
    mw(req, res, () => {
      res.statusCode = 404;
      res.end('fallback');
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('precompressed build files', () => {
  it('writes .br and .gz beside text files of 1 kB or more, not beside small or already compressed ones', () => {
    expect(existsSync(path.join(dir, 'assets', 'app-1234.js.br'))).toBe(true);
    expect(existsSync(path.join(dir, 'index.html.gz'))).toBe(true);
    expect(existsSync(path.join(dir, 'small.js.br'))).toBe(false);
    expect(existsSync(path.join(dir, 'data.u8.gz.br'))).toBe(false);
  });

  it('reads Accept-Encoding with q-values', () => {
    expect(acceptedEncodings('gzip, deflate, br')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('br;q=0, gzip;q=0.5')).toEqual(['gzip']);
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('identity')).toEqual([]);
    expect(acceptedEncodings(undefined)).toEqual([]);
  });

  it('serves the Brotli copy when accepted, else gzip, else leaves the request to the server', async () => {
    const br = await get('/assets/app-1234.js?v=1', { 'accept-encoding': 'gzip, deflate, br' });
    expect([br.status, br.headers['content-encoding'], br.headers['content-type'], br.headers.vary]).toEqual([200, 'br', 'text/javascript; charset=utf-8', 'Accept-Encoding']);
    expect(brotliDecompressSync(br.body).toString()).toBe(js);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gz = await get('/assets/app-1234.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect([gz.status, gz.headers['content-encoding']]).toEqual([200, 'gzip']);
    expect(gunzipSync(gz.body).toString()).toBe(js);
    const plain = await get('/assets/app-1234.js');
    expect([plain.status, plain.body.toString()]).toEqual([404, 'fallback']);
    const page = await get('/', { 'accept-encoding': 'br' });
    expect([page.status, page.headers['content-type'], page.headers['cache-control']]).toEqual([200, 'text/html; charset=utf-8', 'no-cache']);
  });

  it('answers 304 to a matching ETag and HEAD without a body', async () => {
    const first = await get('/assets/app-1234.js', { 'accept-encoding': 'br' });
    const again = await get('/assets/app-1234.js', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect([again.status, again.body.length]).toEqual([304, 0]);
    const head = await get('/assets/app-1234.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, String(first.body.length), 0]);
  });

  it('leaves paths outside the build, files without a copy and other methods to the server', async () => {
    for (const url of ['/../etc/passwd', '/%2e%2e/x.js', '/small.js', '/data.u8.gz', '/missing.js', '/%E0%A4%A'])
      expect((await get(url, { 'accept-encoding': 'br, gzip' })).body.toString()).toBe('fallback');
    expect((await get('/assets/app-1234.js', { 'accept-encoding': 'br' }, 'POST')).status).toBe(404);
  });
});
