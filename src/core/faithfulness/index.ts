export { aopc, morfOrder, patchRelevance, perturbedCopies, randomOrder, regionPerturbation, type PerturbationFill, type PerturbationOptions, type PerturbationResult } from './perturbation';
export { cascadeOrder, cascadingRandomisation, layerOf, stageWeights, type RandomisationResult } from './randomisation';
export { pearson, ranks, spearman, ssim } from './similarity';
