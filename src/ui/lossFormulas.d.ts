declare module 'virtual:loss-formulas' {
  /** MathML of each loss formula, keyed by its LaTeX; rendered at build time by vite.config.ts's lossFormulas. */
  const MATHML: Readonly<Record<string, string>>;
  export default MATHML;
}
