// Escaping for XML 1.0. Every value is redacted first (src/http/redact.ts),
// then made legal: characters XML 1.0 forbids (most C0 controls, lone
// surrogates, U+FFFE/U+FFFF) cannot even be escaped, so they become U+FFFD,
// which keeps visible that the server sent something there.

import { redactKeys } from '../src/model/secrets.ts';

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return legal(value).replace(/[&<>\r]/g, (ch) => ENTITIES[ch] ?? ch);
}

/** Also escapes tabs and line breaks, which attribute normalisation would
 *  otherwise turn into spaces. */
export function xmlAttr(value: string): string {
  return legal(value).replace(/[&<>"\t\n\r]/g, (ch) => ENTITIES[ch] ?? ch);
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function legal(value: string): string {
  return redactKeys(value).replace(NOT_XML_CHAR, '\uFFFD');
}
