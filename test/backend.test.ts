import { describe, it, expect } from 'vitest';
import * as tf from '../src/core/tf';
import { useBackend } from './tf-backend';

describe('useBackend', () => {
  it('selects the wasm backend in Node and computes a gradient', async () => {
    await useBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const g = tf.grad((x: tf.Tensor) => tf.relu(x).sum());
    expect(Array.from(await g(tf.tensor([1, -1])).data())).toEqual([1, 0]);
  });
});
