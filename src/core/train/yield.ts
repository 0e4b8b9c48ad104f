/**
 * Lets the event loop run (messages, signals, timers) between batches, so that a worker stays
 * responsive and Ctrl-C reaches the CLI. Uses setImmediate in Node and a MessageChannel in
 * browsers/workers (setTimeout(0) is clamped to ≥ 4 ms when nested).
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  if (typeof g.setImmediate === 'function') {
    const si = g.setImmediate;
    return new Promise((resolve) => si(resolve));
  }
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
