/**
 * The few jstat 1.9.6 functions the statistics use (src/core/metrics/anova.ts, tukeyHsd.ts); the
 * package ships no types. jstat's `dist/jstat.js` is a UMD bundle: its CommonJS export is the jStat
 * function, which also carries itself as `.jStat`.
 */
declare module 'jstat' {
  interface JStatStatic {
    /** Regularised incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
    centralF: {
      /** P(F ≤ x) for Fisher's F with (df1, df2) degrees of freedom. */
      cdf(x: number, df1: number, df2: number): number;
    };
    tukey: {
      /** P(Q ≤ q) for the studentized range of `nmeans` means with `df` degrees of freedom (R's ptukey). */
      cdf(q: number, nmeans: number, df: number): number;
      /** The p-quantile of the studentized range (R's qtukey). */
      inv(p: number, nmeans: number, df: number): number;
    };
  }
  const jstat: JStatStatic & { jStat: JStatStatic };
  export default jstat;
}
