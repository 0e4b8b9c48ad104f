/**
 * `rrx study run --all --parallel n`: the plan's jobs on one machine, n at a time, each in its own
 * `rrx study run --job i` process (tfjs-wasm trains on one thread, so one process per core). Not a
 * scheduler of its own: on a cluster the batch engine runs the same per-job command (docs/study.md).
 * Job output is passed through line by line, prefixed with the job index. SIGINT / SIGTERM are passed
 * on to the running jobs as one SIGTERM each, which saves a checkpoint and stops them; no new job
 * is started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RRX = fileURLToPath(new URL('../../../bin/rrx.js', import.meta.url));

export interface ParallelResult {
  /** Exit code per job index that ran. */
  codes: Map<number, number>;
  interrupted: boolean;
}

/** Runs `rrx <args(i)>` for every index, at most `parallel` at once, in the given order. */
export async function runParallel(indices: readonly number[], parallel: number, args: (index: number) => string[], say: (line: string) => void): Promise<ParallelResult> {
  const codes = new Map<number, number>();
  const running = new Set<ChildProcess>();
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    say(`interrupt: stopping ${running.size} running job${running.size === 1 ? '' : 's'} (each saves a checkpoint); no new job starts`);
    for (const c of running) c.kill('SIGTERM');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const queue = [...indices];
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined && !stopping; i = queue.shift()) codes.set(i, await runOne(i, args(i), running, say));
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, indices.length)) }, worker));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return { codes, interrupted: stopping };
}

function runOne(index: number, args: string[], running: Set<ChildProcess>, say: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    // Its own process group: a Ctrl-C on the terminal reaches only this process, which passes one
    // SIGTERM on (a job given two signals would quit without saving its checkpoint).
    const child = spawn(process.execPath, [RRX, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    const prefix = (stream: NodeJS.ReadableStream, write: (s: string) => void) => {
      let rest = '';
      stream.on('data', (d: Buffer) => {
        const lines = (rest + d.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const l of lines) write(`[job ${index}] ${l}\n`);
      });
      stream.on('end', () => rest && write(`[job ${index}] ${rest}\n`));
    };
    prefix(child.stdout!, (s) => process.stdout.write(s));
    prefix(child.stderr!, (s) => process.stderr.write(s));
    child.on('error', (err) => say(`job ${index}: could not start (${err.message})`));
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve(code ?? (signal ? 128 + 15 : 1));
    });
  });
}
