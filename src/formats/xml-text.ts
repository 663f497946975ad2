/**
 * XML 1.0 text and attribute escaping. Characters XML 1.0 forbids (C0 controls other than tab,
 * LF and CR, lone surrogates, U+FFFE/U+FFFF) cannot be escaped at all, so they are dropped.
 */
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
const SPECIAL = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex -- as above
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text.replace(INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An element with escaped text content. */
export function xmlElement(name: string, value: string | number | boolean): string {
  return `<${name}>${typeof value === 'string' ? xmlEscape(value) : String(value)}</${name}>`;
}
