/**
 * The UI and the protocol never load TF.js (STYLE.md: only the worker runs it). This scans every
 * source file under src/ui and src/protocol, follows their relative runtime imports transitively
 * (type-only imports are erased by the compiler and are allowed), and fails on any file reached
 * that imports a @tensorflow package or the core's tf.ts.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runtime module specifiers of a TS/TSX source: static imports/exports that are not `import type`, and dynamic import(). */
export function runtimeImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const out: string[] = [];
  const stat = /(?:^|;|\n)\s*(import|export)\s+(type\s+)?([^'"`;]*?)\s*(?:from\s*)?['"]([^'"]+)['"]/g;
  for (const m of code.matchAll(stat)) {
    if (m[2]) continue; // import type … / export type …
    const clause = m[3];
    if (m[1] === 'export' && !/[*{]/.test(clause)) continue; // `export const x = '…'` is no re-export
    // `import { type A, type B } from` is type-only as well
    const named = /^\{([^}]*)\}$/.exec(clause.trim());
    if (named && named[1].split(',').every((s) => s.trim() === '' || /^type\s/.test(s.trim()))) continue;
    out.push(m[4]);
  }
  for (const m of code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

function resolveLocal(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec.replace(/\?.*$/, ''));
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const isTf = (spec: string) => spec.startsWith('@tensorflow/') || /(^|\/)tf(\.ts)?$/.test(spec);

/** Walks the runtime import graph from `entries`; returns "file → chain" for each TF.js import reached. */
function findTfImports(entries: string[]): string[] {
  const bad: string[] = [];
  const seen = new Map<string, string[]>();
  const queue: [string, string[]][] = entries.map((f) => [f, [path.relative(root, f)]]);
  for (let i = 0; i < queue.length; i++) {
    const [file, chain] = queue[i];
    if (seen.has(file)) continue;
    seen.set(file, chain);
    for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
      if (isTf(spec)) bad.push(`${chain.join(' → ')} imports ${spec}`);
      else if (spec.startsWith('.')) {
        const next = resolveLocal(file, spec);
        if (next && /\.tsx?$/.test(next)) queue.push([next, [...chain, path.relative(root, next)]]);
      }
    }
  }
  return bad;
}

describe('the UI never imports TF.js', () => {
  it('finds runtime imports and skips type-only ones', () => {
    const src = [
      "import type { Tensor } from '@tensorflow/tfjs-core';",
      "import { type Rank } from '@tensorflow/tfjs-core';",
      "import * as tf from '../core/tf';",
      "import '@tensorflow/tfjs-backend-cpu';",
      "export { x } from './x';",
      "export type { Y } from './y';",
      "export const s = 'no import';",
      "const m = await import('./lazy');",
      "// import { z } from './commented';",
    ].join('\n');
    expect(runtimeImports(src)).toEqual(['../core/tf', '@tensorflow/tfjs-backend-cpu', './x', './lazy']);
  });

  it('catches a TF.js import reached through a relative import', () => {
    // src/worker/init-backend.ts imports TF.js: the walk must find it when started there.
    const bad = findTfImports([path.join(root, 'src/worker/init-backend.ts')]);
    expect(bad.some((b) => b.endsWith('imports @tensorflow/tfjs-backend-webgpu'))).toBe(true);
  });

  it('src/ui, src/protocol and src/main.tsx reach no TF.js import', () => {
    const entries = [...sources(path.join(root, 'src/ui')), ...sources(path.join(root, 'src/protocol')), path.join(root, 'src/main.tsx')];
    expect(entries.length).toBeGreaterThan(10);
    expect(findTfImports(entries)).toEqual([]);
  });
});
