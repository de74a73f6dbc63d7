import { useMemo } from 'react';
import temml from 'temml';

/** LaTeX rendered as MathML (native in Chromium and Firefox), so no math fonts or CDN are needed. */
export function Formula({ latex }: { latex: string }) {
  const html = useMemo(() => temml.renderToString(latex, { displayMode: true, throwOnError: false }), [latex]);
  // A long formula scrolls sideways inside its panel (more often in presentation mode's large type): focusable, so
  // a keyboard can scroll it too.
  return <div className="formula" tabIndex={0} role="group" aria-label="formula" dangerouslySetInnerHTML={{ __html: html }} />;
}
