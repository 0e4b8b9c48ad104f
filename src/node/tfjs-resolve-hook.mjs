// Node module-resolution hook for the CLI (registered by bin/rrx.js).
//
// src/core/tf.ts imports tfjs-core's ESM files (dist/register_all_gradients, the chained ops) to
// register the gradients and chained ops. Those files are written for bundlers: they import
// directories ('./gradients') and paths without extensions ('./ops/add'), which Node's resolver
// rejects (ERR_UNSUPPORTED_DIR_IMPORT / ERR_MODULE_NOT_FOUND). Vite and Vitest resolve them; for
// Node this hook retries such imports, from inside node_modules/@tensorflow only, with '.js', then
// '/index.js'. Everything else resolves as usual.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const parent = context.parentURL ?? '';
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (!parent.includes('/node_modules/@tensorflow/') && !specifier.startsWith('@tensorflow/')) throw err;
    if (!relative && !specifier.startsWith('@tensorflow/')) throw err;
    if (err?.code !== 'ERR_UNSUPPORTED_DIR_IMPORT' && err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    if (specifier.endsWith('.js')) throw err;
    // A bundler prefers the file 'x.js' over the directory 'x/' (tfjs-core has both dist/gradients.js and dist/gradients/).
    const base = specifier.replace(/\/$/, '');
    try {
      return await next(`${base}.js`, context);
    } catch {
      return next(`${base}/index.js`, context);
    }
  }
}
