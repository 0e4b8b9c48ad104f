/**
 * The thesis's loss and accuracy (thesis-code-facts.md §2.11, §4.1).
 *
 * The cell outputs 10 logits y. For the loss a constant zero logit is appended as an 11th "pseudo
 * class" and the target gets 0 in that slot:
 *
 *   L = mean_n [ log(Σ_{k=1..10} exp(y_nk) + exp(0)) − y_{n,label_n} ]
 *
 * i.e. softmax cross-entropy over [y, 0] with target [onehot(label), 0]. The L2 term of the thesis code
 * is 0 in every released model and is left out. Predictions and accuracy use the argmax over the 10
 * real logits only.
 */
import * as tf from '../tf';

/**
 * Mean 11-way softmax cross-entropy.
 * @param logits the 10 real logits [N, 10]
 * @param labels class labels [N] (int32, 0…9)
 * @returns scalar loss
 */
export function crossEntropy11(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const n = logits.shape[0];
    const k = logits.shape[1];
    const withZero = tf.concat([logits, tf.zeros([n, 1])], 1); // [N, 11]
    const lse = tf.logSumExp(withZero, 1); // [N]
    // One-hot as int32, then cast: tfjs-backend-wasm 4.22's OneHot ignores dtype 'float32' and writes
    // int32 bits into a float32 tensor (1 reads as 1.4e-45), which would silently zero this term.
    const onehot = tf.cast(tf.oneHot(labels, k), 'float32');
    const picked = tf.sum(tf.mul(logits, onehot), 1); // y_{n, label_n}: [N]
    return tf.mean(tf.sub(lse, picked)) as tf.Scalar;
  });
}

/**
 * Number of sequences whose argmax over the 10 real logits equals the label.
 * @param logits [N, 10]; @param labels [N] int32
 * @returns int32 scalar count
 */
export function countCorrect(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32')) as tf.Scalar);
}
