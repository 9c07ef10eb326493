// The engine's redaction: a Redactor knows the run's keys (given, and minted
// during the run) and masks them, besides every wsp_-shaped key
// (src/model/secrets.ts), in every exchange it records.
import { REDACTED, redactKeys } from '../model/secrets.ts';

/** Shorter strings are no keys, and masking them would rewrite ordinary words. */
const MIN_SECRET_CHARS = 8;

/** JSON fields in which a server hands out a new key (POST /users/{u}/api-keys). */
const MINTED_FIELDS = new Set(['secret_key', 'api_key']);

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
  const redact = (text: string): string =>
    // Most of what is recorded (a status, a length, a date) is too short to hold any secret.
    text.length < MIN_SECRET_CHARS ? text : redactKeys(known.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join(REDACTED) : out), text));
  return Object.assign(redact, { add });
}

/** The keys a response hands out: every string under secret_key or api_key,
 *  at any depth of its parsed JSON body (`text`: the body as received). */
export function mintedSecrets(json: unknown, text: string): string[] {
  const found: string[] = [];
  // A body that can name neither field is not walked (a list of hundreds of
  // records, on every answer): in JSON, such a name is written out, or escaped.
  if (text.includes('key') || text.includes('\\u')) collectMinted(json, found);
  return found;
}

function collectMinted(json: unknown, found: string[]): void {
  if (Array.isArray(json)) {
    for (const item of json) collectMinted(item, found);
  } else if (json !== null && typeof json === 'object') {
    for (const [key, value] of Object.entries(json)) {
      if (MINTED_FIELDS.has(key) && typeof value === 'string') found.push(value);
      else collectMinted(value, found);
    }
  }
}
