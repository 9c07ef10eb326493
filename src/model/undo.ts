// What a reproduced write leaves on the panel, and the command that removes
// it: pasting the curl command of a POST that creates a record (a reseller,
// an IP of a reseller, an API key) creates it again, outside any run's
// clean-up. The remover is a DELETE with the admin key ($WISPANEL_TOKEN);
// a key has none in the API.

import { curlFor, type CurlOptions } from './curl.ts';
import type { Exchange } from './exchange.ts';
import { REDACTED, redactKeys } from './secrets.ts';

/** A reproduction's record: what it is, and the command that removes it
 *  (none when the API has no call for it). */
export interface Undo {
  /** `reseller wcab12cd`, `IP 203.0.113.5 of reseller wcab12cd`. */
  creates: string;
  /** The DELETE curl command; absent when the API cannot remove it. */
  curl?: string;
  /** Why there is no command, when there is none. */
  note?: string;
}

/** The record a POST of `exchange` creates once the panel accepts it, or
 *  undefined for any other request. */
export function undoFor(exchange: Pick<Exchange, 'request'>, baseUrl: string, opts: CurlOptions = {}): Undo | undefined {
  const { method, path, headers, body } = exchange.request;
  if (method.toUpperCase() !== 'POST') return undefined;
  const segments = pathSegments(path);
  if (segments === undefined) return undefined;
  const fields = jsonFields(body);
  const remove = (...parts: string[]) => deleteCommand(`/${parts.map(encodeURIComponent).join('/')}`, headers, baseUrl, opts);
  // POST /resellers/ {"username": ...}
  if (segments.length === 1 && segments[0] === 'resellers') {
    const username = fields.username;
    if (username === undefined)
      return { creates: 'a reseller', note: 'the body names no username on record: find it with GET /resellers/ and DELETE /resellers/{username}' };
    return { creates: `reseller ${username}`, curl: remove('resellers', username) };
  }
  // POST /resellers/{username}/ips {"ip": ...}
  if (segments.length === 3 && segments[0] === 'resellers' && segments[2] === 'ips') {
    const reseller = segments[1];
    const ip = fields.ip;
    if (ip === undefined)
      return {
        creates: `an IP of reseller ${reseller}`,
        note: `the body names no ip on record: find it with GET /resellers/${reseller}/ips and DELETE /resellers/${reseller}/ips/{ip}`,
      };
    return { creates: `IP ${ip} of reseller ${reseller}`, curl: remove('resellers', reseller, 'ips', ip) };
  }
  // POST /users/{username}/api-keys
  if (segments.length === 3 && segments[0] === 'users' && segments[2] === 'api-keys') {
    const name = fields.name === undefined ? '' : ` named ${fields.name}`;
    return { creates: `an API key${name} for user ${segments[1]}`, note: 'the API has no call that revokes a key: revoke it in the panel' };
  }
  return undefined;
}

/** `creates reseller wcab12cd once the panel accepts it; remove it with:
 *  curl -sS -X DELETE …`: the line every report prints under the command. */
export function undoText(undo: Undo): string {
  const head = `creates ${undo.creates} once the panel accepts it`;
  return undo.curl ? `${head}; remove it with: ${undo.curl}` : `${head}; ${undo.note ?? 'no call of the API removes it'}`;
}

/** The path's decoded segments, without the query; undefined when one does
 *  not decode. */
function pathSegments(path: string): string[] | undefined {
  try {
    return path
      .split(/[?#]/)[0]
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** The body's top-level string fields that name a record; none when the
 *  body is not a JSON object (or was cut). */
function jsonFields(body: string | undefined): { username?: string; ip?: string; name?: string } {
  if (body === undefined) return {};
  let parsed: unknown;
  try {
    // Redacted again, as curlFor does: a key is never a record's name here.
    parsed = JSON.parse(redactKeys(body));
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const named = (key: string) => {
    const value = (parsed as Record<string, unknown>)[key];
    // A name the panel could store: not empty, one line, no redacted secret.
    return typeof value === 'string' && value.trim() !== '' && !/[\r\n]/.test(value) && !value.includes(REDACTED) ? value : undefined;
  };
  const fields: { username?: string; ip?: string; name?: string } = {};
  for (const key of ['username', 'ip', 'name'] as const) {
    const value = named(key);
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}

/** A DELETE with the admin key, asking for the same media type. */
function deleteCommand(path: string, sent: Record<string, string>, baseUrl: string, opts: CurlOptions): string {
  const accept = Object.entries(sent).find(([name]) => name.toLowerCase() === 'accept')?.[1];
  return curlFor(
    { credential: 'admin', request: { method: 'DELETE', path, headers: { ...(accept ? { accept } : {}), authorization: `Bearer ${REDACTED}` } } },
    baseUrl,
    opts,
  );
}
