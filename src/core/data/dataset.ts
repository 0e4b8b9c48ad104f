/**
 * A base dataset (MNIST or Fashion-MNIST) as loaded from public/data: the official (or, for
 * Fashion-MNIST, our) training images followed by the test images, in one ImageSet, so that one
 * integer indexes any image ("global index": 0 … nTrain−1 = training set, nTrain … n−1 = test set).
 */
import { IMAGE_SIZE, makeImageSet, type ImageSet } from './imageSet';

export type DatasetName = 'mnist' | 'fashion';
export const DATASET_NAMES: readonly DatasetName[] = ['mnist', 'fashion'];

/** Class names per dataset (Fashion-MNIST's from facts §6.1). */
export const CLASS_NAMES: Record<DatasetName, readonly string[]> = {
  mnist: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  fashion: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

/** Training images at global indices [0, nTrain), test images at [nTrain, n). */
export interface BaseDataset extends ImageSet {
  readonly name: DatasetName;
  readonly nTrain: number;
  readonly nTest: number;
  readonly classNames: readonly string[];
}

/** Concatenates a training and a test ImageSet into one BaseDataset (copies the pixels once). */
export function makeBaseDataset(name: DatasetName, train: ImageSet, test: ImageSet): BaseDataset {
  const images = new Uint8Array((train.n + test.n) * IMAGE_SIZE);
  images.set(train.images, 0);
  images.set(test.images, train.n * IMAGE_SIZE);
  const labels = new Uint8Array(train.n + test.n);
  labels.set(train.labels, 0);
  labels.set(test.labels, train.n);
  const all = makeImageSet(images, labels, name);
  return { ...all, name, nTrain: train.n, nTest: test.n, classNames: CLASS_NAMES[name] };
}

/** The training part as an ImageSet of views (no copy). */
export function trainPart(ds: BaseDataset): ImageSet {
  return { n: ds.nTrain, images: ds.images.subarray(0, ds.nTrain * IMAGE_SIZE), labels: ds.labels.subarray(0, ds.nTrain) };
}

/** The test part as an ImageSet of views (no copy). */
export function testPart(ds: BaseDataset): ImageSet {
  return { n: ds.nTest, images: ds.images.subarray(ds.nTrain * IMAGE_SIZE), labels: ds.labels.subarray(ds.nTrain) };
}
