import { useMemo } from 'react';
import temml from 'temml';

/** LaTeX rendered as MathML (native in Chromium and Firefox), so no math fonts or CDN are needed. */
export function Formula({ latex }: { latex: string }) {
  const html = useMemo(() => temml.renderToString(latex, { displayMode: true, throwOnError: false }), [latex]);
  return <div className="formula" dangerouslySetInnerHTML={{ __html: html }} />;
}
