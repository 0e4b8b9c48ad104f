/**
 * The single TF.js entry point of the core: tfjs-core with its gradients and chained ops
 * registered (bare tfjs-core registers neither). No backend is chosen here: only the worker,
 * the CLI and the tests pick one.
 *
 * Order matters: tfjs-core itself is evaluated first (it registers the environment flags that
 * the gradient and chained-op modules read when they load).
 */
export * from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
