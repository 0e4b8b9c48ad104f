import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompressed } from './scripts/lib/precompressed';

// The tfjs packages are pre-bundled so that the dev server does not reload the page the first
// time the worker imports them (see ENVIRONMENT.md).
export default defineConfig({
  // precompressed: Brotli and gzip copies of the build, served by the preview server (npm start).
  plugins: [react(), precompressed()],
  worker: { format: 'es' },
  optimizeDeps: {
    // Crawl the worker too: its deep tfjs imports (src/core/tf.ts) are then pre-bundled at start
    // instead of being discovered on first use, which re-bundles and reloads the page.
    entries: ['index.html', 'src/worker/main.ts'],
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
    ],
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
