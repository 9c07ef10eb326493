// An exchange as a command to paste into a POSIX shell: the same method, URL,
// headers and body. The run's keys are never written out: the command reads
// them from the environment, as the CLI's own fallbacks do.

import type { Credential, Exchange } from './exchange.ts';
import { REDACTED, redactHeaders, redactKeys } from './secrets.ts';

export interface CurlOptions {
  /** Adds -k: the run did not verify the server's certificate (--insecure). */
  insecure?: boolean;
}

/** The variable that holds each credential's key. */
const TOKEN_VARIABLES: Partial<Record<Credential, string>> = {
  admin: 'WISPANEL_TOKEN',
  reseller: 'WISPANEL_RESELLER_TOKEN',
};

/** Set by curl itself, or meaningless to repeat by hand. */
const LEFT_OUT = new Set([
  'host',
  'content-length',
  'accept-encoding',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'upgrade',
  'trailer',
  'proxy-connection',
]);

/** `curl -sS -X POST 'https://…/resellers/' -H 'accept: application/json'
 *  -H "authorization: Bearer $WISPANEL_TOKEN" --data-raw '{…}'`. A secret
 *  that is not the credential's own key stays `[redacted]` (the record holds
 *  no more), explained by a trailing comment. */
export function curlFor(exchange: Pick<Exchange, 'credential' | 'request'>, baseUrl: string, opts: CurlOptions = {}): string {
  // Redacted again, so that even a record made elsewhere cannot leak a key.
  const url = redactKeys(baseUrl + exchange.request.path);
  const headers = redactHeaders(exchange.request.headers);
  const body = exchange.request.body === undefined ? undefined : redactKeys(exchange.request.body);
  const words = ['curl', '-sS', ...(opts.insecure ? ['-k'] : []), '-X', shellWord(exchange.request.method), quote(url)];
  const variable = TOKEN_VARIABLES[exchange.credential];
  const notes: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (LEFT_OUT.has(name.toLowerCase())) continue;
    const authorization = /^authorization$/i.test(name);
    if (authorization && variable && /^Bearer\s+\S/i.test(value)) {
      // The credential's own key; double quotes, so the shell puts it in.
      words.push('-H', `"${name}: Bearer $${variable}"`);
      continue;
    }
    if (value.includes(REDACTED)) notes.push(authorization ? authorizationNote(value) : GENERIC_NOTE);
    words.push('-H', quote(`${name}: ${value}`));
  }
  if (body !== undefined) {
    if (body.includes(REDACTED)) notes.push(GENERIC_NOTE);
    words.push('--data-raw', quote(body));
  }
  if (url.includes(REDACTED)) notes.push(GENERIC_NOTE);
  const comment = [...new Set(notes)].join('; ');
  return comment === '' ? words.join(' ') : `${words.join(' ')} # ${comment}`;
}

const GENERIC_NOTE = `${REDACTED} stands for a secret that is not on record`;

/** What stands in for a redacted credential of a malformed-auth case. */
function authorizationNote(value: string): string {
  if (/^Bearer /i.test(value)) return `${REDACTED}: the key sent is not on record; any key no server issued (wsp_ and 48 hex digits) stands in for it`;
  if (/^Basic /i.test(value)) return `${REDACTED}: the credentials sent are not on record; the base64 of any user:password stands in for them`;
  return GENERIC_NOTE;
}

/** Single quotes keep everything literal; a quote inside is closed, escaped
 *  and reopened: it's -> 'it'\''s'. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A word the shell reads as it is stays bare (`-X GET`), any other is quoted. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_.:/@%+=,-]+$/.test(text) ? text : quote(text);
}
