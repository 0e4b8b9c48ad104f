/**
 * TeX to HTML with KaTeX (HTML for the eye, MathML for screen readers). Strict: a formula KaTeX
 * would warn about is an error here, and the unit tests typeset every formula of the page.
 */
import katex from 'katex';

/** The HTML of `tex`, inline or as a display formula; throws on a formula KaTeX cannot typeset. */
export function texToHtml(tex: string, display = false): string {
  return katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: 'error', output: 'htmlAndMathml' });
}
