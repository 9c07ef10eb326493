// The one redaction of the product. The engine records every exchange through
// a Redactor that knows the run's keys (given, and minted during the run); the
// reporters pass every string they write through redactKeys once more, as
// defence in depth, knowing only the shape of a key. Exactly the secrets are
// replaced, so ordinary text survives: `WWW-Authenticate: Bearer
// realm="WisPanel"`, a title quoting "Bearer", a sentence naming Basic.

export const REDACTED = '[redacted]';

/** A WisPanel key (`wsp_` + 48 hex), or the `wsp_` + 8 hex prefix the vendor
 *  shows as key_prefix; the rest of the word goes with it, so no tail of a
 *  key is left. Hex in either case. */
const WSP_KEY = /wsp_[0-9a-f]{8,}[0-9a-z]*/gi;

/** Shorter strings are no keys, and masking them would rewrite ordinary words. */
const MIN_SECRET_CHARS = 8;

/** JSON fields in which a server hands out a new key (POST /users/{u}/api-keys). */
const MINTED_FIELDS = new Set(['secret_key', 'api_key']);

/** Config fields whose value is masked whatever its shape. */
const SECRET_FIELD = /token|secret|password|passwd|api[-_]?key|key$/i;

/** Masks wsp_-shaped keys; knows no secret. Idempotent. */
export function redactKeys(text: string): string {
  return text.replace(WSP_KEY, REDACTED);
}

/** Masks the known secrets and every wsp_-shaped key. */
export interface Redactor {
  (text: string): string;
  /** Adds a secret learnt during the run (a minted key); repeats are ignored. */
  add(secret: string): void;
}

export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  // Longest first: a secret that contains another must go whole.
  let known: string[] = [];
  const add = (secret: string | undefined): void => {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_CHARS || known.includes(secret)) return;
    known = [...known, secret].sort((a, b) => b.length - a.length);
  };
  for (const secret of secrets) add(secret);
  const redact = (text: string): string => redactKeys(known.reduce((out, secret) => out.split(secret).join(REDACTED), text));
  return Object.assign(redact, { add });
}

/** The keys a response hands out: every string under secret_key or api_key,
 *  at any depth of its parsed JSON body. */
export function mintedSecrets(json: unknown): string[] {
  if (Array.isArray(json)) return json.flatMap(mintedSecrets);
  if (json === null || typeof json !== 'object') return [];
  return Object.entries(json).flatMap(([key, value]) =>
    MINTED_FIELDS.has(key) && typeof value === 'string' ? [value] : mintedSecrets(value),
  );
}

/** Headers as they may be recorded. Authorization keeps its scheme: a Bearer
 *  credential holding a secret becomes `Bearer [redacted]`, and Basic's is
 *  masked whatever it holds (a user:password by construction); anything else
 *  there, and every other header, is redacted as text. */
export function redactHeaders(headers: Record<string, string>, redact: (text: string) => string = redactKeys): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, AUTHORIZATION.test(name) ? redactAuthorization(value, redact) : redact(value)]),
  );
}

const AUTHORIZATION = /^(proxy-)?authorization$/i;

function redactAuthorization(value: string, redact: (text: string) => string): string {
  const parts = /^(\s*\S+\s+)(\S[\s\S]*)$/.exec(value);
  if (!parts) return redact(value);
  const [, scheme, credentials] = parts as unknown as [string, string, string];
  const masked = /^\s*basic\s/i.test(scheme) || redact(credentials) !== credentials;
  return masked ? `${scheme}${REDACTED}` : value;
}

/** Deep copy of a JSON value with every string (keys too) redacted. */
export function redactJson<T>(value: T, redact: (text: string) => string = redactKeys): T {
  return mapJson(value, (_key, text) => redact(text), redact) as T;
}

/** The run's configuration as reports may show it: keys redacted, and any
 *  string under a secret-looking field masked whatever its shape. */
export function redactConfig(config: Record<string, unknown>): Record<string, unknown> {
  return mapJson(
    config,
    (key, text) => (key !== undefined && SECRET_FIELD.test(key) && text !== '' ? REDACTED : redactKeys(text)),
    redactKeys,
  ) as Record<string, unknown>;
}

function mapJson(
  value: unknown,
  onString: (key: string | undefined, text: string) => string,
  onKey: (key: string) => string,
  key?: string,
): unknown {
  if (typeof value === 'string') return onString(key, value);
  if (Array.isArray(value)) return value.map((item) => mapJson(item, onString, onKey, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [onKey(k), mapJson(v, onString, onKey, k)]));
  }
  return value;
}
