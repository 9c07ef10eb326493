// The fault catalogue: single, named deviations from the documented contract.
// Each one is observable through the HTTP API; the self-tests prove the suite
// catches every one and stays quiet on the faultless server.
import { namedSwitch } from './switch.ts';

export type FaultFamily =
  | 'status'
  | 'envelope'
  | 'validation'
  | 'reseller-shape'
  | 'list'
  | 'delete'
  | 'not-found'
  | 'auth'
  | 'keys'
  | 'roles'
  | 'rate-limit'
  | 'robustness'
  | 'data-safety'
  | 'persistence'
  | 'ips'
  | 'transport'
  | 'content-type';

export interface FaultInfo {
  family: FaultFamily;
  description: string;
}

const catalogue = {
  'create-200': { family: 'status', description: 'Create answers 200 instead of 201.' },
  'create-answers-stale': {
    family: 'status',
    description: 'Create answers from a stale copy: its 201 names the reseller created before (or partner1), though the new one is stored.',
  },
  'usage-404': { family: 'status', description: 'GET /usage of an existing reseller answers 404 NOT_FOUND.' },
  'dashboard-missing': { family: 'status', description: 'GET /resellers/dashboard is routed as a reseller named "dashboard" and answers 404.' },
  'delete-204': { family: 'delete', description: 'Delete answers 204 with no body instead of 200 with an ack.' },
  'list-201': { family: 'list', description: 'List answers 201 instead of 200.' },
  'list-joins-ips': { family: 'list', description: 'The list joins the IPs: a reseller holding n >= 2 IPs is listed n times (a join that fans out).' },

  'envelope-no-code': { family: 'envelope', description: 'Error envelopes lack the `code` key.' },
  'envelope-success-true': { family: 'envelope', description: 'Error envelopes carry `success: true`.' },
  'envelope-status-mismatch': { family: 'envelope', description: 'The envelope `status` is 200 whatever the HTTP status.' },
  'envelope-legacy-nested': { family: 'envelope', description: 'Errors use the old nested `{error: {code, message, details}}` envelope.' },
  'envelope-no-message': { family: 'envelope', description: 'Error envelopes lack the `message` key.' },

  'create-missing-field-accepted': { family: 'validation', description: 'Create with a required field missing answers 201 and creates the reseller.' },
  'create-missing-field-422': { family: 'validation', description: 'Create with a required field missing answers 422 instead of 400.' },
  'validation-code-bad-request': { family: 'validation', description: 'Validation errors carry code BAD_REQUEST instead of VALIDATION_ERROR.' },
  'create-empty-string-accepted': { family: 'validation', description: 'Create treats empty-string fields as given and accepts them.' },

  'shape-flag-as-string': { family: 'reseller-shape', description: 'Reseller objects carry can_grant_php as the string "true".' },
  'shape-limit-as-string': { family: 'reseller-shape', description: 'Reseller objects carry max_domains as a string, e.g. "10".' },
  'shape-flag-missing': { family: 'reseller-shape', description: 'Reseller objects lack can_grant_sysinfo.' },
  'shape-limit-float': { family: 'reseller-shape', description: 'Reseller objects carry max_users as a float, e.g. 5.5.' },

  'list-wrapped-object': { family: 'list', description: 'List answers an object {resellers: [...]} instead of an array.' },
  'list-omits-new': { family: 'list', description: 'List omits resellers created through the API.' },

  'delete-not-deleting': { family: 'delete', description: 'Delete answers 200 with an ack but keeps the reseller.' },
  'delete-leaves-subresources': {
    family: 'delete',
    description:
      'Delete answers 200 and the reseller is gone from get one and the list, but its sub-resources (limits, branding, ips, nameservers, overselling, allocation, usage, users) still answer 200 with the old data.',
  },
  'delete-leaves-list-entry': { family: 'delete', description: 'After a delete, the reseller answers 404 to get one but is still listed.' },

  'get-unknown-200-empty': { family: 'not-found', description: 'Getting an unknown reseller answers 200 with an empty object.' },
  'subresource-unknown-200': { family: 'not-found', description: 'Sub-resources of an unknown reseller answer 200 with an empty object.' },
  'not-found-code-error': { family: 'not-found', description: '404 envelopes carry code ERROR instead of NOT_FOUND.' },

  'auth-missing-accepted': { family: 'auth', description: 'Requests without Authorization are served as admin.' },
  'auth-unknown-key-accepted': { family: 'auth', description: 'Unknown wsp_ keys are served as admin.' },
  'deleted-reseller-key-works': { family: 'auth', description: "A deleted reseller's keys still authenticate, as that reseller." },
  'minted-key-unusable': { family: 'auth', description: 'POST /users/{username}/api-keys answers 201 with a secret that never authenticates.' },
  'auth-key-prefix-match': {
    family: 'auth',
    description: 'A key is matched by its first 12 characters only: a wrong key that shares them is served as its owner.',
  },
  'auth-key-length-compare': {
    family: 'auth',
    description: "A token is compared over a key's length only (52 characters): a key with anything after it is served as its owner.",
  },
  'auth-key-like-prefix': {
    family: 'auth',
    description: "Keys are looked up with LIKE 'token%': any start of a key, 12 characters or more, is served as its owner.",
  },
  'auth-401-as-403': { family: 'auth', description: 'Authentication failures answer 403 FORBIDDEN instead of 401.' },
  'auth-basic-accepted': { family: 'auth', description: 'Any Basic Authorization header is served as admin.' },
  'role-capitalised': { family: 'auth', description: 'GET /auth/me answers role "Admin", "Reseller" or "User", capitalised.' },

  'key-scopes-ignored': { family: 'keys', description: 'A key\'s permissions are ignored: a ["read"] key may write.' },
  'key-default-all': { family: 'keys', description: 'A key issued without permissions gets ["all"] instead of ["read"].' },
  'key-whitelist-ignored': { family: 'keys', description: 'ip_whitelist is stored but never enforced: the key works from any address.' },
  'idempotency-ignored': {
    family: 'keys',
    description: 'The Idempotency-Key header is ignored: a retried request takes effect again (a key issue retried with the same key issues a second key).',
  },
  'key-issue-revokes-others': { family: 'keys', description: "Issuing a key revokes the account's other keys (a key is replaced, not added)." },
  'key-secret-short': { family: 'keys', description: 'Issued secrets are wsp_ and 40 hex characters instead of 48 (they still work).' },
  'key-secret-uppercase': { family: 'keys', description: 'Issued secrets are wsp_ and 48 upper-case hex characters (they still work).' },
  'key-prefix-mismatch': { family: 'keys', description: "key.key_prefix is not the first 12 characters of the secret: it is the previously issued key's." },
  'key-expires-days-as-seconds': {
    family: 'keys',
    description: 'expires_in is read as seconds: a key issued with expires_in 1 stops working a second later (401 "API key expired").',
  },

  'reseller-can-list': { family: 'roles', description: 'A reseller key may list all resellers.' },
  'reseller-can-create': { family: 'roles', description: 'A reseller key may create resellers.' },
  'reseller-reads-other': { family: 'roles', description: 'A reseller key may read other resellers and their sub-resources.' },
  'reseller-reads-other-parts': {
    family: 'roles',
    description: "A reseller key may read other resellers' sub-resources (limits, usage, IPs...): the owner is checked on the record's route only.",
  },
  'reseller-writes-own-limits': { family: 'roles', description: 'A reseller key may change its own limits.' },
  'reseller-writes-own-branding': { family: 'roles', description: 'A reseller key may replace (PUT) and reset (DELETE) its own branding.' },
  'reseller-writes-own-ips': { family: 'roles', description: 'A reseller key may assign (POST) and remove (DELETE /ips/:ip) its own IPs.' },
  'reseller-writes-own-nameservers': { family: 'roles', description: 'A reseller key may replace its own nameservers.' },
  'reseller-writes-own-overselling': { family: 'roles', description: 'A reseller key may change its own overselling settings.' },
  'reseller-own-read-refused': {
    family: 'roles',
    description: "A reseller's key, whatever its scopes, is refused its own record and sub-resources with 403 (the admin's is not).",
  },

  'ratelimit-headers-missing': { family: 'rate-limit', description: 'Responses lack the X-RateLimit-* headers (the limit is still enforced).' },
  'ratelimit-limit-wrong': { family: 'rate-limit', description: 'X-RateLimit-Limit reports 40 more than the enforced limit (100 for 60).' },
  'ratelimit-remaining-stuck': { family: 'rate-limit', description: 'X-RateLimit-Remaining always equals the limit.' },
  'ratelimit-reset-ms': { family: 'rate-limit', description: 'X-RateLimit-Reset is in milliseconds instead of seconds.' },
  'ratelimit-reset-past': { family: 'rate-limit', description: 'X-RateLimit-Reset lies a minute in the past.' },
  'ratelimit-not-enforced': { family: 'rate-limit', description: 'The limit is never enforced (no 429); headers still count down to 0.' },
  'ratelimit-reseller-not-enforced': {
    family: 'rate-limit',
    description: "A reseller's key is never refused (the admin key is); its headers still count down to 0.",
  },
  'ratelimit-per-path': {
    family: 'rate-limit',
    description: 'Each key has a budget per method and path instead of one: 60 requests a minute to every endpoint, the headers counting each apart.',
  },
  'ratelimit-429-plain': { family: 'rate-limit', description: '429 answers a plain-text body instead of the JSON envelope.' },
  'ratelimit-429-at-half': {
    family: 'rate-limit',
    description:
      'X-RateLimit-Limit shows the limit and Remaining counts down honestly, but 429 comes once half the limit is used (Remaining still about half).',
  },
  'ratelimit-remaining-double': { family: 'rate-limit', description: 'X-RateLimit-Remaining falls by 2 per request (the limit enforced is unchanged).' },
  'ratelimit-429-remaining-full': { family: 'rate-limit', description: "A 429's X-RateLimit-Remaining is the limit instead of 0." },
  'ratelimit-shared-bucket': {
    family: 'rate-limit',
    description: 'One budget per source address for all keys: two keys sent from one machine spend one budget (the headers count that budget).',
  },
  'ratelimit-reset-early': {
    family: 'rate-limit',
    description: "X-RateLimit-Reset announces a time half a window before the window's real end: a client that waits for it meets 429 again.",
  },
  'ratelimit-success-after-zero': {
    family: 'rate-limit',
    description: 'After an answer with Remaining 0, the next request of the window is still served, once, under the same Reset (then 429).',
  },
  'ratelimit-headers-missing-on-writes': { family: 'rate-limit', description: 'Answers to POST, PUT and DELETE carry no X-RateLimit-* headers (GETs do).' },

  'malformed-json-500': { family: 'robustness', description: 'A malformed JSON body answers 500.' },
  'invalid-ip-500': { family: 'robustness', description: 'An invalid IP in POST /ips answers 500.' },
  'long-username-500': { family: 'robustness', description: 'A create with a username over 64 characters answers 500.' },
  'unicode-username-500': { family: 'robustness', description: 'A create with a non-ASCII username (accents, emoji) answers 500.' },
  'path-chars-username-500': { family: 'robustness', description: 'A username with /, .., %2F or % answers 500, in the create body or in the path.' },
  'null-field-500': { family: 'robustness', description: 'A create with null or an array where a string belongs answers 500.' },
  'limits-odd-number-500': { family: 'robustness', description: 'PUT /limits with a value over 2^31-1, a negative other than -1, or a fraction answers 500.' },
  'ipv6-or-port-500': { family: 'robustness', description: 'POST /ips with an IPv6 address or an address with a port answers 500.' },
  'transfer-empty-500': { family: 'robustness', description: 'POST /resellers/transfer-user with {} answers 500.' },

  'duplicate-create-overwrites': {
    family: 'data-safety',
    description: "Duplicate create overwrites the existing reseller's email and limits and answers 201.",
  },
  'duplicate-create-accepted': {
    family: 'validation',
    description: 'A duplicate create answers 201 and changes nothing: a convention broken (the facts leave the answer open), warned, not failed.',
  },
  'create-resets-prefix': {
    family: 'data-safety',
    description:
      'A create of x resets to the defaults (limits, branding, nameservers, overselling, IPs) every reseller whose username starts with x or is the start of x, as a careless upsert by prefix would.',
  },
  'get-prefix-kin': {
    family: 'reseller-shape',
    description:
      "GET /resellers/x answers the newest reseller whose name starts with x (LIKE 'x%' ORDER BY id DESC LIMIT 1): another one, once one named after x was created later.",
  },
  'delete-removes-neighbour': {
    family: 'data-safety',
    description: 'DELETE /resellers/x also deletes the reseller created just before x (seeded ones aside).',
  },
  'delete-cascades-prefix': {
    family: 'data-safety',
    description:
      'DELETE /resellers/x deletes x, and its cascade to IPs and branding matches by prefix: every reseller whose username starts with x loses its IPs and branding.',
  },
  'create-validated-after-write': {
    family: 'data-safety',
    description:
      'Create stores the reseller before it validates the body: a create refused 400 (a field missing, an invalid value) keeps the reseller it named.',
  },
  'auth-checked-after-write': {
    family: 'data-safety',
    description: 'The key is checked once the handler ran: a write without a valid key answers 401, but was carried out (a create stores its reseller).',
  },
  'role-checked-after-write': {
    family: 'data-safety',
    description:
      "The role is checked once the handler ran: a reseller key's write answers 403, but was carried out (on its own record, another's, or a create).",
  },
  'limits-validated-after-write': {
    family: 'data-safety',
    description: 'PUT /limits stores each limit it was sent before it checks them: a PUT refused 400 (a value of the wrong type) keeps what it named.',
  },
  'ip-validated-after-write': {
    family: 'data-safety',
    description: 'POST /ips adds the address before it checks it: an address refused 400 (not an IP, of the wrong type) is listed all the same.',
  },
  'delete-by-prefix': { family: 'data-safety', description: 'DELETE /resellers/x deletes every reseller whose username starts with x.' },
  'limits-put-all': { family: 'data-safety', description: 'PUT /resellers/x/limits applies its changes to every reseller.' },
  'limits-put-prefix': {
    family: 'data-safety',
    description: 'PUT /resellers/x/limits applies its changes to x and every reseller whose username starts with x.',
  },
  'limits-put-replaces': { family: 'data-safety', description: 'PUT /limits replaces all seven limits: those the body does not name become 0.' },
  'branding-put-all': { family: 'data-safety', description: "PUT /resellers/x/branding replaces every reseller's branding." },
  'branding-delete-all': { family: 'data-safety', description: "DELETE /resellers/x/branding resets every reseller's branding." },
  'nameservers-put-all': { family: 'data-safety', description: "PUT /resellers/x/nameservers replaces every reseller's nameservers." },
  'ips-post-all': { family: 'data-safety', description: 'POST /resellers/x/ips adds the address to every reseller.' },
  'overselling-put-all': { family: 'data-safety', description: "PUT /resellers/x/overselling replaces every reseller's overselling settings." },

  'limits-put-not-stored': { family: 'persistence', description: 'PUT /limits answers 200 with the new limits but does not store them.' },
  'limits-put-other-reseller': {
    family: 'persistence',
    description: 'PUT /limits answers 200 with the new limits but writes them onto the most recently created other reseller; the target is unchanged.',
  },
  'ips-post-not-listed': { family: 'persistence', description: 'POST /ips answers 201 but the IP is not stored.' },
  'guessed-writes-ignored': {
    family: 'persistence',
    description: 'PUT branding, nameservers and overselling answer 200 as a read does and change nothing: their bodies are not documented, so only warned.',
  },
  'limits-list-stale': {
    family: 'persistence',
    description: "The list keeps showing a reseller's limits as they were before any PUT /limits (get one and GET /limits show the new ones).",
  },
  'limits-sub-stale': {
    family: 'persistence',
    description: 'GET /resellers/x/limits keeps showing the limits from before any PUT /limits (get one and the list show the new ones).',
  },
  'branding-delete-ignored': { family: 'persistence', description: 'DELETE /branding answers 200 and keeps the branding.' },
  'overselling-put-other': {
    family: 'persistence',
    description: 'PUT /overselling answers 200 with the new settings but writes them onto the most recently created other reseller; the target is unchanged.',
  },
  'ip-delete-not-removing': { family: 'ips', description: 'DELETE /ips/:ip answers 200 but keeps the IP.' },
  'ips-post-replaces': { family: 'ips', description: "POST /ips replaces the reseller's addresses with the one posted." },
  'ips-delete-all': { family: 'ips', description: 'DELETE /ips/:ip removes every address of the reseller.' },
  'ip-delete-by-address': {
    family: 'ips',
    description: 'DELETE /resellers/x/ips/:ip removes the address from whichever reseller holds it, x or not (a WHERE on the address alone).',
  },

  'invalid-ip-accepted': { family: 'ips', description: 'POST /ips stores an invalid address and answers 201.' },

  'usage-garbage-body': { family: 'transport', description: 'GET /usage answers a body that is not JSON, labelled application/json.' },

  'content-type-html': { family: 'content-type', description: 'JSON responses are labelled text/html.' },
  'content-type-missing': { family: 'content-type', description: 'JSON responses carry no Content-Type header.' },
} satisfies Record<string, FaultInfo>;

export type FaultName = keyof typeof catalogue;

export const faults: Readonly<Record<string, FaultInfo>> = catalogue;

/** Asks whether a fault is active; the server consults it at each hook. */
export type Has = (fault: FaultName) => boolean;

/** Builds the switch for one server; an unknown name is a caller error. */
export const faultSwitch = (name: string | undefined): Has => namedSwitch<FaultName>('fault', faults, name);
