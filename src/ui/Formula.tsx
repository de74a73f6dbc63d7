import MATHML from 'virtual:loss-formulas';
import './formula.css';

/**
 * A loss formula as MathML (native in Chromium and Firefox), rendered from its LaTeX at build time (vite.config.ts),
 * in the math font the app serves (formula.css). LaTeX that is not a loss formula shows as its source.
 */
export function Formula({ latex }: { latex: string }) {
  const html = MATHML[latex];
  if (html === undefined) return <code className="formula">{latex}</code>;
  // A long formula scrolls sideways inside its panel (more often in presentation mode's large type): focusable, so
  // a keyboard can scroll it too.
  return <div className="formula" tabIndex={0} role="group" aria-label="formula" dangerouslySetInnerHTML={{ __html: html }} />;
}
