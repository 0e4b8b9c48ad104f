/** Explanation metrics, pure TypeScript over numbers (facts §7): shares, cosine, majority share, conservation, CI. */
export { blockShares, positiveColumnSums, normaliseShares, SHARE_EPSILON } from './blockShares';
export { perStepRelevance, perStepSums } from './perStepRelevance';
export { cosineToMask } from './cosineToMask';
export { majorityShare, adjustedMajorityShare } from './majorityShare';
export { conservationError, relativeConservationError } from './conservation';
export { meanCI95 } from './meanCI95';
export { studentTQuantile, studentTCdf, incompleteBeta, lnGamma } from './studentT';
export { relevanceFlow, type RelevanceFlow, type StepFlow } from './relevanceFlow';
