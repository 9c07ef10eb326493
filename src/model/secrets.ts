// Keys never leave the run: what every record and every report passes
// through, knowing only the shape of a key (wsp_ + hex) and which headers
// and fields hold secrets. The engine's Redactor (src/http/redact.ts) knows
// the run's keys besides. Exactly the secrets are replaced, so ordinary text
// survives: `WWW-Authenticate: Bearer realm="WisPanel"`, a title quoting
// "Bearer", a sentence naming Basic.

export const REDACTED = '[redacted]';

/** A WisPanel key (`wsp_` + 48 hex), or the `wsp_` + 8 hex prefix the vendor
 *  shows as key_prefix; the rest of the word goes with it, so no tail of a
 *  key is left. Hex in either case. */
const WSP_KEY = /wsp_[0-9a-f]{8,}[0-9a-z]*/gi;

/** Config fields whose value is masked whatever its shape. */
const SECRET_FIELD = /token|secret|password|passwd|api[-_]?key|key$/i;

/** Whether a text holds a wsp_-shaped key. Knowing only the shape of a
 *  key, one native scan of a value's JSON says whether any of its strings
 *  holds one (JSON escapes no character of a key). */
export function holdsKey(text: string): boolean {
  return text.search(WSP_KEY) !== -1;
}

/** Masks wsp_-shaped keys; knows no secret. Idempotent. */
export function redactKeys(text: string): string {
  return text.replace(WSP_KEY, REDACTED);
}

/** Headers as they may be recorded. Authorization keeps its scheme: a Bearer
 *  credential holding a secret becomes `Bearer [redacted]`, and Basic's is
 *  masked whatever it holds (a user:password by construction); anything else
 *  there, and every other header, is redacted as text. */
export function redactHeaders(headers: Record<string, string>, redact: (text: string) => string = redactKeys): Record<string, string> {
  // A loop, not entries/map/fromEntries: every exchange passes here twice.
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    out[name] = AUTHORIZATION.test(name) ? redactAuthorization(value, redact) : redact(value);
  }
  return out;
}

const AUTHORIZATION = /^(proxy-)?authorization$/i;

function redactAuthorization(value: string, redact: (text: string) => string): string {
  const parts = /^(\s*\S+\s+)(\S[\s\S]*)$/.exec(value);
  if (!parts) return redact(value);
  const [, scheme, credentials] = parts as unknown as [string, string, string];
  const masked = /^\s*basic\s/i.test(scheme) || redact(credentials) !== credentials;
  return masked ? `${scheme}${REDACTED}` : value;
}

/** A JSON value with every string (keys too) redacted: copied where a
 *  string changed, the rest shared. */
export function redactJson<T>(value: T, redact: (text: string) => string = redactKeys): T {
  // A report without a key is not copied string by string.
  if (redact === redactKeys && !holdsKey(JSON.stringify(value) ?? '')) return value;
  return redactStrings(value, redact);
}

/** redactJson without the scan first: for a value whose JSON is known to
 *  hold a key. */
export function redactStrings<T>(value: T, redact: (text: string) => string = redactKeys): T {
  return mapJson(value, (_key, text) => redact(text), redact) as T;
}

/** The run's configuration as reports may show it: keys redacted, and any
 *  string under a secret-looking field masked whatever its shape. */
export function redactConfig(config: Record<string, unknown>): Record<string, unknown> {
  return mapJson(config, (key, text) => (key !== undefined && SECRET_FIELD.test(key) && text !== '' ? REDACTED : redactKeys(text)), redactKeys) as Record<
    string,
    unknown
  >;
}

/** A copy of what changed: a string, array or object none of whose strings
 *  changed is returned as it was (most of a report holds no key). */
function mapJson(value: unknown, onString: (key: string | undefined, text: string) => string, onKey: (key: string) => string, key?: string): unknown {
  if (typeof value === 'string') return onString(key, value);
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item: unknown) => {
      const mapped = mapJson(item, onString, onKey, key);
      changed ||= mapped !== item;
      return mapped;
    });
    return changed ? items : value;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const entries = Object.entries(value).map(([k, v]) => {
      const [name, mapped] = [onKey(k), mapJson(v, onString, onKey, k)];
      changed ||= name !== k || mapped !== v;
      return [name, mapped] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}
