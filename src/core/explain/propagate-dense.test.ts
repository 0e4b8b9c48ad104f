/**
 * Relevance propagation through the cells without a conv stack (Shallow, Deep, DeepV2, R-LSTM and the
 * -SD variants): TF.js = float64 replica, conservation, state relevance (see test/explain-helpers.ts).
 */
import { beforeAll } from 'vitest';
import { useBackend } from '../../../test/tf-backend';
import { replicaSuite, sameAsBaseSuite } from '../../../test/explain-helpers';

beforeAll(() => useBackend('cpu'));

for (const id of ['shallow', 'deep', 'deep-v2', 'r-lstm']) replicaSuite(id, 2, 7);
sameAsBaseSuite('deep-sd', 'deep', 2, 7);
sameAsBaseSuite('r-lstm-sd', 'r-lstm', 2, 7);
