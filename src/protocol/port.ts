/**
 * The smallest port both sides need: a DedicatedWorker, the worker's own global scope, a
 * MessagePort of the browser, and a MessagePort of node:worker_threads (used by the tests) all fit.
 */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
}
