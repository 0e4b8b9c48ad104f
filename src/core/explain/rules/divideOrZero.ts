import * as tf from '../../tf';

/**
 * a / d element-wise, with a/0 := 0 (so 0/0 := 0, §11.1): the division every rule uses, so that a
 * stabiliser of 0 means exact division. Shapes: a and d broadcastable to each other.
 * Call inside tf.tidy (the caller's); returns a new tensor.
 */
export function divideOrZero<T extends tf.Tensor>(a: T, d: tf.Tensor): T {
  const q = tf.div(a, d);
  return tf.where(tf.equal(d, 0), tf.zerosLike(q), q) as T;
}
