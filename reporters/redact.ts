// Defence in depth: the engine redacts exchanges, and every reporter passes
// each string it writes through here once more before escaping it. Redact
// values, never finished documents: a bearer match run over XML or HTML would
// swallow the markup that follows the token.

const WSP_KEY = /wsp_[A-Za-z0-9]+/g;
// A bearer credential is the run of non-space characters after the scheme,
// cut short at characters no RFC 6750 token contains but that commonly
// follow one (quotes, brackets, `,;\`), so a JSON body or a sentence keeps its
// tail. An earlier redaction is left alone (running this twice changes
// nothing), and so are auth-params (`Bearer realm="wispanel"`), so a
// WWW-Authenticate challenge stays readable; a credential never has the
// shape `name="`.
const BEARER_CREDENTIAL = /\bBearer[ \t]+(?!\[redacted\])(?![A-Za-z][\w-]*=")[^\s"'()<>,;\\]+/gi;
const SECRET_FIELD = /token|secret|password|passwd|api[-_]?key|key$/i;

/** Replaces WisPanel keys and bearer credentials; idempotent. */
export function redactTokens(text: string): string {
  return text.replace(BEARER_CREDENTIAL, 'Bearer [redacted]').replace(WSP_KEY, 'wsp_…redacted');
}

/** Deep copy of a JSON value with redactTokens applied to every string. */
export function redactStrings<T>(value: T): T {
  return mapJson(value, (_key, text) => redactTokens(text)) as T;
}

/** The run's configuration as reports may show it: tokens redacted, and any
 *  string under a secret-looking key masked whatever its shape. */
export function redactConfig(config: Record<string, unknown>): Record<string, unknown> {
  return mapJson(config, (key, text) =>
    key !== undefined && SECRET_FIELD.test(key) && text !== '' ? '[redacted]' : redactTokens(text),
  ) as Record<string, unknown>;
}

function mapJson(value: unknown, onString: (key: string | undefined, text: string) => string, key?: string): unknown {
  if (typeof value === 'string') return onString(key, value);
  if (Array.isArray(value)) return value.map((item) => mapJson(item, onString, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [redactTokens(k), mapJson(v, onString, k)]),
    );
  }
  return value;
}
