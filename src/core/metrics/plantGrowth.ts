/**
 * R's `PlantGrowth` data set (package datasets; Dobson 1983, Table 7.1): dried plant weights under a
 * control and two treatments, 10 plants each. The textbook example of one-way ANOVA and Tukey HSD,
 * whose published R output the statistics tests check against. Imported by tests only.
 */
export const PLANT_GROWTH = {
  ctrl: [4.17, 5.58, 5.18, 6.11, 4.5, 4.61, 5.17, 4.53, 5.33, 5.14],
  trt1: [4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69],
  trt2: [6.31, 5.12, 5.54, 5.5, 5.37, 5.29, 4.92, 6.15, 5.8, 5.26],
} as const;
