/**
 * Precompressed static files for the production build: at build time every text or wasm asset of
 * the output gets a Brotli (`.br`) and a gzip (`.gz`) copy; the preview server (`npm start`, the
 * benchmarks, the e2e tests) serves the copy that the browser accepts, instead of compressing on
 * each request (Vite's preview gzips on the fly: 75–210 ms for the worker's 719 kB bundle on this
 * 2-core machine, against a file read for the copy). Hashed files under /assets/ are cached for a
 * year (their names change with their content); everything else is revalidated (ETag).
 */
import { createReadStream, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Content types of the files this serves (others are left to the preview server). */
export const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.ttf': 'font/ttf',
};

/** Smaller files are not worth a copy. */
const MIN_BYTES = 1024;

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.isFile()) yield p;
  }
}

/** Writes `.br` and `.gz` beside every compressible file of `dir` (skipping those already compressed). Returns the count. */
export function compressTree(dir: string): number {
  let n = 0;
  for (const f of files(dir)) {
    if (!(path.extname(f) in TYPES)) continue;
    const body = readFileSync(f);
    if (body.length < MIN_BYTES) continue;
    writeFileSync(`${f}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
    writeFileSync(`${f}.gz`, gzipSync(body, { level: 9 }));
    n++;
  }
  return n;
}

/** The encodings of an Accept-Encoding header that we serve, best first. */
export function acceptedEncodings(header: string | string[] | undefined): ('br' | 'gzip')[] {
  const offered = new Map<string, number>();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    offered.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (e: string) => (offered.get(e) ?? offered.get('*') ?? 0) > 0;
  return (['br', 'gzip'] as const).filter(ok);
}

/**
 * A connect middleware serving `root`'s precompressed copies: GET/HEAD of a file that has a copy in
 * an accepted encoding gets that copy (with its type, Content-Encoding, Vary, ETag; 304 when the
 * ETag matches); anything else goes on to `next`.
 */
export function precompressedMiddleware(root: string) {
  const base = path.resolve(root);
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let rel: string;
    try {
      rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return next();
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(base, `.${rel}`);
    if (!file.startsWith(base + path.sep)) return next();
    const type = TYPES[path.extname(file)];
    if (!type) return next();
    for (const enc of acceptedEncodings(req.headers['accept-encoding'])) {
      const copy = `${file}.${enc === 'br' ? 'br' : 'gz'}`;
      if (!existsSync(copy) || !existsSync(file)) continue;
      const st = statSync(copy);
      const etag = `W/"${enc}-${st.size}-${Math.floor(st.mtimeMs)}"`;
      res.setHeader('Content-Type', type);
      res.setHeader('Content-Encoding', enc);
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (req.headers['if-none-match'] === etag) {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.setHeader('Content-Length', String(st.size));
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(copy).pipe(res);
      return;
    }
    next();
  };
}

/** The Vite plugin: copies after the build, served by the preview server. */
export function precompressed(): Plugin {
  let outDir = 'dist';
  return {
    name: 'rrx-precompressed',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      if (existsSync(outDir)) compressTree(outDir);
    },
    configurePreviewServer(server) {
      server.middlewares.use(precompressedMiddleware(path.resolve(server.config.root, server.config.build.outDir)));
    },
  };
}
