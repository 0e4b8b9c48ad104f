/**
 * ModelSlots keeps each model's prepared weights (explanations), prepares them again when training
 * changed a weight, and frees them with the slot.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../core/tf';
import { useBackend } from '../../test/tf-backend';
import { freshModel, ModelSlots } from './model-slot';

describe('ModelSlots.preparedFor', () => {
  beforeAll(() => useBackend('cpu'));

  it('is made once, made again after a weight is assigned, and freed with the slot', () => {
    const before = tf.memory().numTensors;
    const slots = new ModelSlots();
    const m = freshModel('deep', 'maj', 1);
    slots.set('a', m);
    const p1 = slots.preparedFor(m);
    expect(slots.preparedFor(m)).toBe(p1);
    const v = m.weights['output_2/W'] as tf.Variable;
    tf.tidy(() => v.assign(tf.mul(v, -2)));
    const p2 = slots.preparedFor(m);
    expect(p2).not.toBe(p1);
    // The new split follows the new weight.
    const head = p2.grouped.head;
    if (head.kind !== 'deep') throw new Error('Deep has a deep head');
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(head.o2.split!.pos, tf.relu(v)))).dataSync()[0]);
    expect(diff).toBe(0);
    slots.set('a', freshModel('deep', 'maj', 2)); // replaces and frees the old model and its prepared weights
    slots.remove('a');
    expect(tf.memory().numTensors).toBe(before);
  });
});
