/**
 * The worker's entry point: the only place of the web app where TF.js runs. It serves the protocol
 * on its own global scope; the page creates it with
 * `new Worker(new URL('./worker/main.ts', import.meta.url), { type: 'module' })`.
 */
// tfjs-core first: its flags (DEBUG, …) must be registered before the gradient and chained-op
// registrations that src/core/tf.ts imports run (they read env() flags in the pre-bundled build).
import '@tensorflow/tfjs-core';
import { fetchReader } from '../core/data/fetchReader';
import type { PortLike } from '../protocol/port';
import { serve } from '../protocol/server';
import { createHandlers } from './handlers';
import * as tf from '../core/tf';
import type { BackendName } from '../protocol/messages';
import { chooseTrainingBackend, helloBackend, initBackend, loseGpuDevice } from './init-backend';
import { activate } from './measure-work';
import { withTrainingBackend } from './training-backend';

const dataUrl = new URL(`${import.meta.env.BASE_URL}data/`, self.location.origin).href;

const handlers = createHandlers({
  initBackend,
  read: fetchReader(dataUrl),
  // The gzip copies: ~5× fewer bytes, and servers that compress on the fly (vite preview does for
  // a browser's Accept-Encoding) would otherwise gzip 47 MB per file on every load.
  compressed: true,
  loseDevice: loseGpuDevice,
});
// A training run goes to the backend measured fastest for its batch size, and back after it.
serve(self as unknown as PortLike, withTrainingBackend(handlers, { choose: chooseTrainingBackend, activate, home: helloBackend, current: () => tf.getBackend() as BackendName }));
