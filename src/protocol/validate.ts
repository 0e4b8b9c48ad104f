/**
 * Checks of received messages (no casts where messages are received): the envelope of every
 * message, and for a request each field of its payload, one checker per field in one table.
 * A failed check becomes a 'bad-request' or 'version' error that names the field and what it
 * should be.
 */
import {
  BACKEND_NAMES,
  TRAIN_BOUNDS,
  DATASET_IDS,
  KINDS,
  PERTURBATION_BOUNDS,
  PERTURBATION_FILLS,
  PROTOCOL_VERSION,
  SPLIT_IDS,
  SUPERSEDES,
  TASK_IDS,
  type ErrorCode,
  type Kind,
  type Request,
  type ToPage,
  type ToWorker,
} from './messages';

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

export function isKind(x: unknown): x is Kind {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(SUPERSEDES, x);
}

/**
 * Checks the envelope of a message received by the worker. Returns the message, or a string that
 * says what is wrong with it (the server answers that as a 'bad-request' or 'version' error).
 */
export function checkToWorker(x: unknown): ToWorker | { problem: string; code: ErrorCode; id: number } {
  if (!isObject(x)) return { problem: 'message is not an object', code: 'bad-request', id: -1 };
  const id = typeof x.id === 'number' && Number.isInteger(x.id) ? x.id : -1;
  if (x.v !== PROTOCOL_VERSION)
    return { problem: `protocol version mismatch: page sent ${String(x.v)}, worker speaks ${PROTOCOL_VERSION}`, code: 'version', id };
  if (id < 0) return { problem: 'message has no integer id', code: 'bad-request', id };
  if (x.type === 'cancel') return { v: PROTOCOL_VERSION, id, type: 'cancel' };
  if (x.type !== 'request') return { problem: `unknown message type ${JSON.stringify(x.type)}`, code: 'bad-request', id };
  const req = x.req;
  if (!isObject(req) || !isKind(req.kind))
    return { problem: `unknown request kind ${JSON.stringify(isObject(req) ? req.kind : req)}; valid kinds: ${KINDS.join(', ')}`, code: 'bad-request', id };
  const bad = checkRequest({ ...req, kind: req.kind });
  if (bad) return { problem: `${req.kind}.${bad.field} ${bad.problem}`, code: 'bad-request', id };
  // Every field of this kind was checked just above, so the request has its declared type.
  return { v: PROTOCOL_VERSION, id, type: 'request', req: req as unknown as Request };
}

/**
 * Checks a request's payload, field by field in the table's order; returns the first bad field and
 * what is wrong with it ("must be …, got …"), or null. The page uses it too, to refuse a form
 * before anything is sent (the training form).
 */
export function checkRequest(req: { kind: Kind }): { field: string; problem: string } | null {
  const fields = req as unknown as Record<string, unknown>;
  for (const [name, check] of Object.entries(FIELDS[req.kind])) {
    if (!check.ok(fields[name])) return { field: name, problem: `must be ${check.what}, got ${describe(fields[name])}` };
  }
  return null;
}

// ---- payload checks: one row per kind, one checker per field ---------------------------------

interface Check {
  ok: (v: unknown) => boolean;
  what: string;
}
const oneOf = (list: readonly (string | null)[]): Check => ({
  ok: (v) => list.includes(v as string | null),
  what: `one of ${list.map((s) => (s === null ? 'null' : s)).join(', ')}`,
});
const int = (min: number, max = Number.MAX_SAFE_INTEGER): Check => ({
  ok: (v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max,
  what: `an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}]`,
});
const rate: Check = {
  ok: (v) => typeof v === 'number' && Number.isFinite(v) && v > TRAIN_BOUNDS.lr.min && v <= TRAIN_BOUNDS.lr.max,
  what: `a number in (${TRAIN_BOUNDS.lr.min}, ${TRAIN_BOUNDS.lr.max}]`,
};
const str: Check = { ok: (v) => typeof v === 'string', what: 'a string' };
const bytes: Check = { ok: (v) => v instanceof Uint8Array, what: 'a Uint8Array' };
const plainObject: Check = { ok: (v) => isObject(v) && !Array.isArray(v), what: 'an object' };
const either = (a: Check, b: Check): Check => ({ ok: (v) => a.ok(v) || b.ok(v), what: `${a.what} or ${b.what}` });
const optional = (c: Check): Check => ({ ok: (v) => v === undefined || c.ok(v), what: `${c.what} or absent` });
// Preset ids are checked by the worker against the cell registry (the protocol stays runtime-free of core).
const ref = { dataset: oneOf(DATASET_IDS), task: oneOf(TASK_IDS), split: oneOf(SPLIT_IDS) };

const slot: Check = { ok: (v) => typeof v === 'string' && /^[\w:.\-]{1,80}$/.test(v), what: 'a slot name (1–80 letters, digits, _ : . -)' };
const classOrNull: Check = { ok: (v) => v === null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 9), what: 'a class 0…9 or null' };
const flags: Check = { ok: (v) => v === null || (Array.isArray(v) && v.length <= 3 && v.every((x) => x === 0 || x === 1)), what: 'null or a list of 0/1 flags' };
const strings: Check = { ok: (v) => Array.isArray(v) && v.length >= 1 && v.length <= 16 && v.every((x) => typeof x === 'string'), what: 'a list of 1–16 strings' };
const source: Check = oneOf(['bundled', 'file', 'stored', 'trained']);
const flag: Check = { ok: (v) => typeof v === 'boolean', what: 'true or false' };
const backends: Check = {
  ok: (v) => Array.isArray(v) && v.length <= BACKEND_NAMES.length && v.every((b) => (BACKEND_NAMES as readonly unknown[]).includes(b)) && new Set(v).size === v.length,
  what: `a list of distinct backends (${BACKEND_NAMES.join(', ')})`,
};

const checkpointFiles: Check = {
  ok: (v) => isObject(v) && ['json', 'weights', 'checkpoint', 'optimizer'].every((k) => v[k] instanceof Uint8Array),
  what: 'checkpoint files {json, weights, checkpoint, optimizer} as Uint8Arrays',
};

const FIELDS: Readonly<Record<Kind, Record<string, Check>>> = {
  hello: { backend: oneOf([...BACKEND_NAMES, null]), avoid: optional(backends), candidates: optional(backends), methods: optional(strings) },
  loadData: ref,
  getSample: { ...ref, index: int(0) },
  findSequence: { ...ref, label: int(0, 9), pick: int(0) },
  getImage: { dataset: oneOf(DATASET_IDS), baseIndex: optional(int(0)), label: optional(int(0, 9)), pick: optional(int(0)) },
  initModel: { slot, preset: str, task: oneOf(TASK_IDS), seed: int(0, 2 ** 32 - 1), T: optional(int(1, 84)) },
  inspectModel: { json: bytes },
  loadModel: { slot, json: bytes, weights: bytes, name: str, source: optional(source), returnFiles: optional(flag) },
  removeModel: { slot },
  saveModel: { slot },
  evaluate: { ...ref, slot, limit: int(1) },
  trainStart: {
    slot,
    preset: str,
    dataset: oneOf(DATASET_IDS),
    task: oneOf(TASK_IDS),
    // The limit's upper bound is the training split's size, which only the worker knows (it refuses more).
    limit: int(1),
    epochs: int(TRAIN_BOUNDS.epochs.min, TRAIN_BOUNDS.epochs.max),
    batchSize: int(TRAIN_BOUNDS.batchSize.min, TRAIN_BOUNDS.batchSize.max),
    lr: rate,
    seed: int(0, 2 ** 32 - 1),
    T: optional(int(1, 84)),
    resume: optional(checkpointFiles),
  },
  trainPause: {},
  trainResume: {},
  trainStop: {},
  explain: { ...ref, slot: optional(slot), index: int(0), method: str, params: optional(plainObject), target: optional(either(int(0, 9), oneOf(['predicted']))) },
  explainGrid: { slot, pixels: bytes, label: classOrNull, mask: flags, methods: strings, version: int(0) },
  memory: {},
  crash: { message: str, deviceLoss: optional(flag) },
  perturbation: {
    slot,
    pixels: bytes,
    label: classOrNull,
    methods: strings,
    fill: oneOf(PERTURBATION_FILLS),
    // Whether the patch divides the model's width is checked by the worker, which knows the model.
    patch: int(1, 28),
    steps: int(PERTURBATION_BOUNDS.steps.min, PERTURBATION_BOUNDS.steps.max),
    randomOrders: int(PERTURBATION_BOUNDS.randomOrders.min, PERTURBATION_BOUNDS.randomOrders.max),
    version: int(0),
  },
  randomisation: { slot, pixels: bytes, label: classOrNull, methods: strings, seed: int(0, 2 ** 32 - 1), version: int(0) },
};

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v); // JSON would say null
  const s = JSON.stringify(v);
  return s === undefined ? typeof v : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Checks the envelope of a message received by the page; null when it is not one of ours. */
export function checkToPage(x: unknown): ToPage | null {
  if (!isObject(x) || x.v !== PROTOCOL_VERSION || typeof x.id !== 'number') return null;
  if (x.type === 'result' || x.type === 'progress') {
    if (!isKind(x.kind)) return null;
    return x.type === 'result'
      ? { v: PROTOCOL_VERSION, id: x.id, kind: x.kind, type: 'result', value: x.value }
      : { v: PROTOCOL_VERSION, id: x.id, kind: x.kind, type: 'progress', value: x.value };
  }
  if (x.type === 'error') {
    const codes: ErrorCode[] = ['failed', 'superseded', 'cancelled', 'bad-request', 'version'];
    const code = codes.includes(x.code as ErrorCode) ? (x.code as ErrorCode) : 'failed';
    return {
      v: PROTOCOL_VERSION,
      id: x.id,
      kind: isKind(x.kind) ? x.kind : null,
      type: 'error',
      code,
      message: typeof x.message === 'string' ? x.message : 'unknown error',
    };
  }
  return null;
}
