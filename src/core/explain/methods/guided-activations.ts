/**
 * Activations for guided backprop (thesis eq. 3.29, thesis-code-facts.md §5.3, §11.10), passed to a
 * cell's forward as `act`. The forward values are the plain ReLU / sigmoid; only the gradients change:
 *
 *  - guided ReLU: backward value = dy · 1[relu(z) > 0] · 1[dy > 0]. The override sits on the op, so where one
 *    ReLU output feeds several consumers (Conv⁺'s a1, a2 feed this step's pooling and the next step's
 *    conv) the gate sees the *summed* incoming gradient, as a TF1 gradient override does;
 *  - gate sigmoid: no gradient at all ('none', the thesis's final setting: the gates act as constants,
 *    the products o⊙c, i⊙g, f⊙c still pass the gradient scaled by the gate value), or σ' ('plain').
 */
import * as tf from '../../tf';
import type { Activations } from '../../cells/types';

/** y = relu(z); backward dy · 1[y > 0] · 1[dy > 0]. Shapes: any, z and y alike. */
export const guidedRelu: (z: tf.Tensor) => tf.Tensor = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [z, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const y = tf.relu(z);
  save([y]);
  return { value: y, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(tf.relu(dy), tf.step(saved[0])) };
});

/** y = σ(z) with a zero gradient (the gate is a constant for the backward pass). */
export const constantSigmoid: (z: tf.Tensor) => tf.Tensor = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: tf.sigmoid(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/** The activation override of guided backprop. */
export function guidedActivations(sigmoid: 'none' | 'plain'): Activations {
  return { relu: guidedRelu, sigmoid: sigmoid === 'none' ? constantSigmoid : (z) => tf.sigmoid(z) };
}
