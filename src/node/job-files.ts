/**
 * A training job's run directory on disk, shared by the zoo (docs/zoo.md) and the study
 * (docs/study.md): the `rrx train` files, the evaluation file and a lock, read without loading weights.
 *
 * Locks: `<run dir>/.lock` holds {pid, host, started}. It keeps two local processes off the same job;
 * a lock whose process is gone (same host, no such pid) is stale and taken over. A lock from another
 * host is honoured by the run-everything modes and taken over by an explicit job index (the batch
 * engine gave that index to this process: a previous pod of it died).
 */
import { mkdir, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { JobFiles } from '../core/jobs/job-state';
import { readJsonBounded, writeFilesAtomically } from './model-files';

/** The evaluation file of a run directory (zoo: format rrx-zoo-eval; study: rrx-study-eval). */
export const EVAL_FILE = 'eval.json';
const LOCK_FILE = '.lock';

/** A JSON file's content (bounded read), or null when it does not exist. */
export async function readJsonOrNull(file: string): Promise<Record<string, unknown> | null> {
  try {
    return (await readJsonBounded(file)) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** What a run directory says about its job (model metrics, evaluation, lock). */
export async function readRunFiles(dir: string): Promise<JobFiles> {
  const [model, ev, lock] = await Promise.all([readJsonOrNull(path.join(dir, 'model.json')), readJsonOrNull(path.join(dir, EVAL_FILE)), readLock(dir)]);
  const m = (model?.metrics ?? null) as Record<string, unknown> | null;
  const evModel = (ev?.model ?? null) as Record<string, unknown> | null;
  return {
    model: m
      ? {
          epochsDone: num(m.epochsDone) ?? 0,
          iterations: num(m.iterations) ?? 0,
          complete: m.complete === true,
          valAccuracy: num(m.valAccuracy),
          testAccuracy: num(m.testAccuracy),
          wallTimeSeconds: num(m.wallTimeSeconds) ?? 0,
        }
      : null,
    evalIterations: evModel ? num(evModel.iterations) : null,
    lockedBy: lock && lock.live ? `pid ${lock.pid} on ${lock.host}` : null,
  };
}

/** Where a checkpoint stands: epochs done and batches of the next (checkpoint.json), or null. */
export async function readCheckpointPosition(dir: string): Promise<{ epoch: number; batch: number } | null> {
  const ck = await readJsonOrNull(path.join(dir, 'checkpoint.json'));
  const p = (ck?.position ?? null) as Record<string, unknown> | null;
  return p && num(p.epoch) !== null && num(p.batch) !== null ? { epoch: p.epoch as number, batch: p.batch as number } : null;
}

interface Lock {
  pid: number;
  host: string;
  /** False when the holder is known to be gone (same host, no such process). */
  live: boolean;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(dir: string): Promise<Lock | null> {
  const l = await readJsonOrNull(path.join(dir, LOCK_FILE)).catch(() => null);
  if (!l || typeof l.pid !== 'number' || typeof l.host !== 'string') return null;
  const live = l.host !== os.hostname() || l.pid === process.pid || alive(l.pid);
  return { pid: l.pid, host: l.host, live };
}

/**
 * Takes the job's lock. Returns a release function, or null when a live holder has it (another
 * process on this host; or another host unless `overrideForeign`).
 */
export async function acquireLock(dir: string, overrideForeign: boolean): Promise<(() => Promise<void>) | null> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(file, 'wx');
      await fh.writeFile(JSON.stringify({ pid: process.pid, host: os.hostname(), started: new Date().toISOString() }));
      await fh.close();
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const l = await readLock(dir);
      const foreign = l !== null && l.host !== os.hostname();
      if (l && l.live && !(foreign && overrideForeign)) return null;
      await rm(file, { force: true }); // stale, unreadable, or a dead pod's: take it over
    }
  }
  return null;
}

/** Writes eval.json into the run directory (temporary name, fsync, rename: all or nothing). */
export function writeEval(dir: string, doc: unknown): Promise<void> {
  return writeFilesAtomically(dir, [[EVAL_FILE, `${JSON.stringify(doc, null, 2)}\n`]]);
}
