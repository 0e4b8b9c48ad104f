/**
 * Relevance propagation through the plain conv cells (ConvDeep, ConvR-LSTM, ConvR-LSTM-SD):
 * TF.js = float64 replica, conservation, state relevance (see test/explain-helpers.ts).
 */
import { beforeAll } from 'vitest';
import { useBackend } from '../../../test/tf-backend';
import { replicaSuite, sameAsBaseSuite } from '../../../test/explain-helpers';

beforeAll(() => useBackend('cpu'));

for (const id of ['conv-deep', 'conv-r-lstm']) replicaSuite(id, 1, 3);
sameAsBaseSuite('conv-r-lstm-sd', 'conv-r-lstm', 1, 3);
