/**
 * The naive baseline of ../shared/anchor-bench (bench.mjs: the thesis's Deep cell, T = 12, written
 * plainly with @tensorflow/tfjs), run as a child process in the same invocation as our benchmarks so
 * that both numbers come from the same machine state. Used by `rrx bench train` and `rrx bench explain`.
 *
 * bench.mjs imports '@tensorflow/tfjs', which lives in our node_modules: it is copied to
 * node_modules/.cache/rrx-anchor/ (under a per-run name, removed afterwards) so that Node's module
 * resolution finds our packages, and run as `node bench.mjs <backend> <iters>` with WASM_DIR (the
 * .wasm files) and BT (the training batch). RRX_ANCHOR_CACHE names another folder to copy it into, one
 * from which @tensorflow/tfjs (and, for webgpu, the \`webgpu\` package) resolve: the GPU machine's bundle
 * (scripts/device/) has no node_modules of ours.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmDir } from '../../node/tf-backend';

/** The repository root (two levels above src/cli/bench). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface BaselineOptions {
  /** 'wasm' (default) or 'cpu' (also 'webgpu' if the anchor's optional dependencies exist). */
  backend?: string;
  /** Timed repetitions per figure (default 10); the LRP batch-200 figure uses max(3, iters/2). */
  iters?: number;
  /** Training batch (env BT; default 50). */
  batch?: number;
  /** Path of bench.mjs or of its directory; default $RRX_ANCHOR, else ../shared/anchor-bench beside the repository. */
  anchor?: string;
  /** Kill the child after this many ms (default 600 000). */
  timeoutMs?: number;
}

/** What bench.mjs prints (medians in ms), plus how it was run. */
export interface BaselineResult {
  backend: string;
  /** Median ms of one training step (forward + backward + Adam) at `batch` sequences. */
  train_b50_ms: number;
  /** Median ms of one z⁺/z^β LRP pass for 1 and for 200 sequences. */
  lrp_b1_ms: number;
  lrp_b200_ms: number;
  train_samples_per_s: number;
  lrp_b200_samples_per_s: number;
  conservation?: { sumR: number; relu_yc: number };
  numTensors?: number;
  /** The batch and iterations it ran with, the bench.mjs used, the command line. */
  batch: number;
  iters: number;
  anchor: string;
  command: string;
  /** Wall seconds of the child process. */
  seconds: number;
}

/** Where bench.mjs is: opts.anchor, $RRX_ANCHOR, or ../shared/anchor-bench/bench.mjs relative to the repository. */
export function findAnchor(anchor?: string): string {
  const given = anchor ?? process.env.RRX_ANCHOR;
  const candidates = given ? [given, path.join(given, 'bench.mjs')] : [path.resolve(REPO_ROOT, '../shared/anchor-bench/bench.mjs')];
  for (const c of candidates) if (c.endsWith('.mjs') && existsSync(c)) return path.resolve(c);
  throw new Error(
    `the naive baseline bench.mjs was not found (looked at ${candidates.join(', ')}); ` +
      'pass --anchor PATH or set RRX_ANCHOR, or use --no-baseline',
  );
}

/** Runs the baseline once and returns its figures. Rejects with the child's stderr on failure. */
export async function runBaseline(opts: BaselineOptions = {}): Promise<BaselineResult> {
  const backend = opts.backend ?? 'wasm';
  const iters = opts.iters ?? 10;
  const batch = opts.batch ?? 50;
  const anchor = findAnchor(opts.anchor);
  const dir = process.env.RRX_ANCHOR_CACHE || path.join(REPO_ROOT, 'node_modules', '.cache', 'rrx-anchor');
  await mkdir(dir, { recursive: true });
  const script = path.join(dir, `bench-${process.pid}-${Date.now()}.mjs`); // per run: concurrent runs do not collide
  await copyFile(anchor, script);
  const env: NodeJS.ProcessEnv = { ...process.env, BT: String(batch) };
  try {
    env.WASM_DIR = wasmDir();
  } catch (err) {
    // The GPU machine's bundle has no .wasm files; only the wasm backend needs them.
    if (backend === 'wasm') throw err;
  }
  const args = [script, backend, String(iters)];
  const command = `BT=${batch}${env.WASM_DIR ? ` WASM_DIR=${env.WASM_DIR}` : ''} node ${args.join(' ')}`;
  const t0 = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
    child.on('error', reject);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve({ code: c, stdout: out, stderr: err });
    });
  }).finally(() => rm(script, { force: true }));
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.trim().startsWith('{'));
  if (code !== 0 || !line) {
    throw new Error(`the naive baseline failed (exit ${code}): ${(stderr || stdout).trim().split('\n').slice(-5).join(' | ')}`);
  }
  const r = JSON.parse(line) as Omit<BaselineResult, 'batch' | 'iters' | 'anchor' | 'command' | 'seconds'>;
  return { ...r, batch, iters, anchor, command, seconds: (performance.now() - t0) / 1000 };
}
