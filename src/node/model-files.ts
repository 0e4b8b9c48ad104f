/**
 * Node adapter of the model format (src/core/model-io): a model directory holds model.json and
 * weights.bin; a training run also keeps checkpoint.json and optimizer.bin beside them (--resume).
 *
 * Reads are bounded (docs/model-format.md, "Limits"): each file is opened without blocking, must be a
 * regular file, and its size is checked before a byte is read — model.json and checkpoint.json at
 * most 16 MiB, weights.bin exactly the size its manifest implies, optimizer.bin at most Adam's two
 * slots per weight. FIFOs, devices and oversized or sparse files are refused at once, naming the file.
 *
 * Saves are all-or-nothing across files (docs/model-format.md, "Save protocol"), a redo log:
 *   1. every file is written to a temporary name and fsynced;
 *   2. a journal `.rrx-save.json` listing each file's temporary name, size and SHA-256 is written
 *      (temporary, fsync, rename, directory fsync): the commit point;
 *   3. the temporaries are renamed over the real names, the directory fsynced;
 *   4. the journal is removed.
 * A crash before step 2 leaves the old files (the temporaries are removed by the next save or load);
 * a crash after it is completed by `recoverDir`, which every load and save runs first: it renames
 * what is left and checks every file against the journal, or refuses with a message saying so.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Cell } from '../core/cells/types';
import { adamSlotSpecs } from '../core/train/optimizer-state';
import { CHECKPOINT_JSON_FILE, OPTIMIZER_FILE, parseCheckpoint, type Checkpoint } from '../core/model-io/checkpoint';
import { MODEL_JSON_FILE, WEIGHTS_FILE } from '../core/model-io/format';
import { ModelFormatError } from '../core/model-io/model-format-error';
import { stripBom } from '../core/model-io/brief';
import { parseModelJson, parseModelWith, type ParsedModel } from '../core/model-io/parse-model';
import type { SerializedModel } from '../core/model-io/serialize-model';

export interface SerializedCheckpoint {
  checkpointJson: string;
  optimizerBin: ArrayBuffer;
}

type Contents = string | ArrayBuffer;

/** The largest model.json / checkpoint.json read (bytes); real ones are a few kilobytes. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;
export const JOURNAL_FILE = '.rrx-save.json';
const TEMP_RE = /^\..+\.tmp-(\d+)-[0-9a-f]{8}$/;

/** The pid in a temporary's tag, when that process is alive and not this one (a save in progress). */
function liveWriter(name: string): number | null {
  const m = /\.tmp-(\d+)-[0-9a-f]{8}$/.exec(name);
  if (!m) return null;
  const pid = Number(m[1]);
  if (pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/** A file error in plain words, naming the path (ENOENT, EISDIR, ELOOP, ENOTDIR, ENOSPC, …). */
export function fileError(file: string, err: unknown, what?: string): Error {
  const e = err as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOENT: 'does not exist',
    EISDIR: 'is a directory, not a file',
    ELOOP: 'is a loop of symbolic links',
    ENOTDIR: 'cannot be reached: a part of its path is a file, not a directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'is on a read-only file system',
    ENAMETOOLONG: 'has too long a name',
    EMFILE: 'too many open files',
    EIO: 'input/output error',
  };
  const text = (e?.code && why[e.code]) ?? (e?.code ? `${e.code}` : String((err as Error)?.message ?? err).slice(0, 200));
  return Object.assign(new Error(`${file} ${text}${what ? ` (${what})` : ''}`), { code: e?.code });
}

/**
 * Reads a regular file of at most `max` bytes (or exactly `exact` bytes). Opened with O_NONBLOCK, so
 * a FIFO cannot hang the read; the kind and size are checked on the open handle before reading.
 */
export async function readBounded(file: string, o: { max?: number; exact?: number; what?: string; sizeError?: (size: number) => Error }): Promise<Buffer> {
  let fh: FileHandle;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw fileError(file, err, o.what);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) {
      const kind = st.isFIFO() ? 'a FIFO (named pipe)' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : st.isDirectory() ? 'a directory' : 'not a regular file';
      throw new Error(`${file} is ${kind}, not a regular file${o.what ? ` (${o.what})` : ''}`);
    }
    if (o.exact !== undefined && st.size !== o.exact) {
      if (o.sizeError) throw o.sizeError(st.size);
      const diff = st.size - o.exact;
      throw new Error(`${file} has ${st.size} bytes but must have exactly ${o.exact} (${diff < 0 ? `truncated: ${-diff} bytes missing` : `${diff} extra bytes`})`);
    }
    if (o.max !== undefined && st.size > o.max) throw new Error(`${file} has ${st.size} bytes; at most ${o.max} are accepted (${mib(o.max)})`);
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const { bytesRead } = await fh.read(buf, off, st.size - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    if (off !== st.size) throw new Error(`${file} changed while it was read (${off} of ${st.size} bytes)`);
    return buf;
  } catch (err) {
    if (err instanceof ModelFormatError || (err instanceof Error && err.message.startsWith(file))) throw err;
    throw fileError(file, err, o.what);
  } finally {
    await fh.close();
  }
}

const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

/** mkdir -p without Node's recursive mkdir (which loops forever under /proc): each level once. */
export async function makeDir(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (!(await stat(dir)).isDirectory()) throw fileError(dir, Object.assign(new Error(), { code: 'ENOTDIR' }));
      return;
    }
    if (code !== 'ENOENT') throw fileError(dir, err);
    const parent = path.dirname(dir);
    if (parent === dir) throw fileError(dir, err);
    await makeDir(parent);
    try {
      await mkdir(dir);
    } catch (err2) {
      if ((err2 as NodeJS.ErrnoException).code !== 'EEXIST') throw fileError(dir, err2);
    }
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY);
  try {
    await fh.sync();
  } catch {
    // some file systems cannot fsync a directory; the renames are still ordered
  } finally {
    await fh.close();
  }
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const bytesOf = (c: Contents) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : new Uint8Array(c));

interface Journal {
  format: 'rrx-save-journal';
  files: { name: string; temp: string; size: number; sha256: string }[];
}

/** Test hook: `RRX_TEST_CRASH_AT_SAVE_STEP=s:k` kills the process (SIGKILL) at step k of its s-th save. */
let saveCount = 0;
const crashAt = (() => {
  const m = /^(\d+):(\d+)$/.exec(process.env.RRX_TEST_CRASH_AT_SAVE_STEP ?? '');
  return m ? { save: Number(m[1]), step: Number(m[2]) } : null;
})();

/**
 * Writes several files of one directory, all or nothing (the save protocol above). `files` are
 * renamed in the given order. Errors name the directory.
 */
export async function writeFilesAtomically(dir: string, files: [name: string, contents: Contents][]): Promise<void> {
  await makeDir(dir);
  await recoverDir(dir);
  const save = ++saveCount;
  let step = 0;
  const point = () => {
    step++;
    if (crashAt && crashAt.save === save && crashAt.step === step) process.kill(process.pid, 'SIGKILL');
  };
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const journal: Journal = { format: 'rrx-save-journal', files: [] };
  const temps: string[] = [];
  const journalTemp = path.join(dir, `${JOURNAL_FILE}.tmp-${tag}`);
  try {
    for (const [name, contents] of files) {
      const temp = `.${name}.tmp-${tag}`;
      temps.push(path.join(dir, temp));
      const bytes = bytesOf(contents);
      await writeSynced(path.join(dir, temp), bytes);
      journal.files.push({ name, temp, size: bytes.byteLength, sha256: sha256(bytes) });
      point();
    }
    await writeSynced(journalTemp, Buffer.from(JSON.stringify(journal)));
    point();
    await rename(journalTemp, path.join(dir, JOURNAL_FILE));
    await fsyncDir(dir);
    point(); // committed: from here a crash is completed by recoverDir
  } catch (err) {
    await Promise.all([...temps, journalTemp].map((t) => rm(t, { force: true })));
    throw fileError(dir, err, 'while saving');
  }
  for (const f of journal.files) {
    await rename(path.join(dir, f.temp), path.join(dir, f.name));
    point();
  }
  await fsyncDir(dir);
  await rm(path.join(dir, JOURNAL_FILE), { force: true });
  point();
}

async function writeSynced(file: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(file, 'w');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Completes or cleans up an interrupted save in `dir`: with a journal, renames the temporaries still
 * there and checks every listed file's size and SHA-256 (throws when one does not match: the save
 * cannot be completed); then removes the journal and any stray temporaries. Nothing to do in a
 * directory without a journal or temporaries. Returns what it did, for messages.
 */
export async function recoverDir(dir: string): Promise<'none' | 'completed' | 'cleaned'> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw fileError(dir, err);
  }
  let did: 'none' | 'completed' | 'cleaned' = 'none';
  // Another live process saving here: give it a moment to finish (a save takes milliseconds).
  for (let wait = 0; wait < 40; wait++) {
    const busy = names.some((n) => TEMP_RE.test(n) && liveWriter(n) !== null) || (names.includes(JOURNAL_FILE) && (await journalOfLiveWriter(dir)));
    if (!busy) break;
    await new Promise((r) => setTimeout(r, 50));
    names = await readdir(dir);
  }
  if (names.includes(JOURNAL_FILE)) {
    const file = path.join(dir, JOURNAL_FILE);
    let j: Journal;
    try {
      j = JSON.parse((await readBounded(file, { max: 1024 * 1024 })).toString('utf8'));
      if (j.format !== 'rrx-save-journal' || !Array.isArray(j.files)) throw new Error('not a save journal');
    } catch (err) {
      throw new Error(`${file}: an interrupted save left a journal that cannot be read (${(err as Error).message.slice(0, 120)}); the files in ${dir} may be from different saves — remove the journal only if you know they are not`);
    }
    for (const f of j.files) {
      if (typeof f.name !== 'string' || typeof f.temp !== 'string' || f.name.includes('/') || f.temp.includes('/')) throw new Error(`${file}: a file entry is malformed`);
      if (names.includes(f.temp)) await rename(path.join(dir, f.temp), path.join(dir, f.name));
      const target = path.join(dir, f.name);
      let bytes: Buffer;
      try {
        bytes = await readBounded(target, { exact: f.size });
      } catch (err) {
        throw new Error(`cannot complete the interrupted save in ${dir}: ${(err as Error).message}`);
      }
      if (sha256(bytes) !== f.sha256) throw new Error(`cannot complete the interrupted save in ${dir}: ${f.name} is not the file the save wrote (checksum differs)`);
    }
    await fsyncDir(dir);
    await rm(file, { force: true });
    did = 'completed';
    names = await readdir(dir);
  }
  const stray = names.filter((n) => (TEMP_RE.test(n) || n.startsWith(`${JOURNAL_FILE}.tmp-`)) && liveWriter(n) === null);
  if (stray.length) {
    await Promise.all(stray.map((n) => rm(path.join(dir, n), { force: true })));
    if (did === 'none') did = 'cleaned';
  }
  return did;
}

/** Whether the journal in `dir` belongs to a save that a live process is still carrying out. */
async function journalOfLiveWriter(dir: string): Promise<boolean> {
  try {
    const j = JSON.parse((await readBounded(path.join(dir, JOURNAL_FILE), { max: 1024 * 1024 })).toString('utf8')) as Journal;
    return Array.isArray(j.files) && j.files.some((f) => typeof f.temp === 'string' && liveWriter(f.temp) !== null);
  } catch {
    return false;
  }
}

/** recoverDir for readers: a read-only directory with an unfinished save is refused, not read. */
async function recoverForRead(dir: string): Promise<void> {
  try {
    await recoverDir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') throw new Error(`${dir} holds an unfinished save and cannot be written to complete it (${code})`);
    throw err;
  }
}

/** Saves model.json + weights.bin in `dir` (created if needed), all or nothing. */
export function saveModelDir(dir: string, model: SerializedModel): Promise<void> {
  return writeFilesAtomically(dir, [
    [WEIGHTS_FILE, model.weightsBin],
    [MODEL_JSON_FILE, model.modelJson],
  ]);
}

/** Saves a model and its training checkpoint together (the four files of a resumable run), all or nothing. */
export function saveTrainingState(dir: string, model: SerializedModel, ckpt: SerializedCheckpoint): Promise<void> {
  return writeFilesAtomically(dir, [
    [WEIGHTS_FILE, model.weightsBin],
    [MODEL_JSON_FILE, model.modelJson],
    [OPTIMIZER_FILE, ckpt.optimizerBin],
    [CHECKPOINT_JSON_FILE, ckpt.checkpointJson],
  ]);
}

const toArrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const within = (dir: string) => (dir.endsWith(path.sep) ? dir : dir + path.sep);

/** SHA-256 (hex) of a buffer: what checkpoint.json records of weights.bin. */
export const sha256Hex = (b: ArrayBuffer | Uint8Array) => sha256(b instanceof Uint8Array ? b : new Uint8Array(b));

/** Loads and validates the model in `dir`; errors name the file (with its directory) and what is wrong. */
export async function loadModelDir(dir: string): Promise<ParsedModel & { weightsSha256: string }> {
  await recoverForRead(dir);
  const json = await readBounded(path.join(dir, MODEL_JSON_FILE), { max: MAX_JSON_BYTES, what: 'not an rrx model directory?' });
  try {
    const head = parseModelJson(json.toString('utf8'));
    const need = head.weightBytes;
    const bin = await readBounded(path.join(dir, WEIGHTS_FILE), {
      exact: need,
      what: `${MODEL_JSON_FILE} needs its weights file beside it`,
      sizeError: (size) =>
        new ModelFormatError('byte-length', WEIGHTS_FILE, `has ${size} bytes but the manifest's ${head.entries.length} float32 weights need ${need} bytes ` + (size < need ? `(truncated: ${need - size} bytes missing)` : `(${size - need} extra bytes at the end)`)),
    });
    const parsed = parseModelWith(() => head.cell, json.toString('utf8'), toArrayBuffer(bin));
    return { ...parsed, weightsSha256: sha256(bin) };
  } catch (err) {
    if (err instanceof ModelFormatError) throw err.within(within(dir));
    throw err;
  }
}

/** Whether `dir` holds a checkpoint (checkpoint.json). */
export async function hasCheckpoint(dir: string): Promise<boolean> {
  return exists(path.join(dir, CHECKPOINT_JSON_FILE));
}

/** Whether `dir` holds a model (model.json). */
export async function hasModel(dir: string): Promise<boolean> {
  return exists(path.join(dir, MODEL_JSON_FILE));
}

/** Loads the checkpoint in `dir` for `cell` (validated against its trainable weights). */
export async function loadCheckpointDir(dir: string, cell: Cell): Promise<Checkpoint> {
  await recoverForRead(dir);
  const json = await readBounded(path.join(dir, CHECKPOINT_JSON_FILE), { max: MAX_JSON_BYTES, what: 'no checkpoint to resume from' });
  const slotBytes = adamSlotSpecs(cell).reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0) * 4;
  const bin = await readBounded(path.join(dir, OPTIMIZER_FILE), { max: slotBytes, what: `${CHECKPOINT_JSON_FILE} needs its optimizer state beside it` });
  try {
    return parseCheckpoint(json.toString('utf8'), toArrayBuffer(bin), cell);
  } catch (err) {
    if (err instanceof ModelFormatError) throw err.within(within(dir));
    throw err;
  }
}

/** Creates `dir` if needed and checks that files can be written in it; throws a plain-language error. */
export async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await makeDir(dir);
    await access(dir, constants.W_OK);
    const probe = path.join(dir, `.rrx-write-test-${process.pid}`);
    const fh = await open(probe, 'w');
    await fh.close();
    await rm(probe, { force: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const msg = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'ENOTDIR' || e.code === 'EEXIST' ? 'a file is in the way' : (e.message ?? String(err)).replace(`${dir} `, '');
    throw new Error(`cannot write to the output directory ${dir}: ${msg}`);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Reads a small JSON file (bounded), for metadata readers (the zoo's status). */
export async function readJsonBounded(file: string, max = MAX_JSON_BYTES): Promise<unknown> {
  const b = await readBounded(file, { max });
  try {
    return JSON.parse(stripBom(b.toString('utf8')));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message.slice(0, 120)})`);
  }
}

