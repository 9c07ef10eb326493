import type { RateHeaders } from '../http/budget.ts';
import { readRateHeaders } from '../http/budget.ts';
import { NOT_TLS, type TlsOptions } from '../http/transport.ts';
import { describeOutcome, type Exchange } from '../model/exchange.ts';
import type { GivenResellerKey } from './input.ts';
import type { RunServices } from './services.ts';
import { operationPath } from './paths.ts';

/** Why a run cannot start, and the exit code that says so. */
export class TargetError extends Error {
  constructor(
    readonly exitCode: 2 | 3,
    message: string,
  ) {
    super(message);
  }
}

/** Where a hint sends the user to fix a setting: a single run's flags; in a
 *  fleet, the panel's entry in the targets file (the fleet refuses the
 *  per-panel flags, and the fix is that one panel's). */
export interface Hints {
  token: string;
  resellerToken: string;
  caFile: string;
  insecure: string;
}

export const FLAG_HINTS: Hints = {
  token: '--token (or WISPANEL_TOKEN)',
  resellerToken: '--reseller-token (or WISPANEL_RESELLER_TOKEN)',
  caFile: '--ca-file PATH (or WISPANEL_CA_FILE)',
  insecure: '--insecure',
};

export function targetHints(file: string, name: string): Hints {
  const entry = `target ${name} in ${file}`;
  return {
    token: `the token of ${entry}`,
    resellerToken: `the reseller-token of ${entry}`,
    caFile: `ca-file: PATH in ${entry}`,
    insecure: `insecure: true in ${entry}`,
  };
}

/** What the cases start from (RunInput). */
export interface PreflightResult {
  preflightRate: RateHeaders;
  /** The admin key's answer: the identity operation's positive case judges
   *  it instead of asking again. */
  preflightIdentity: Exchange;
  resellerKey?: GivenResellerKey;
}

type PreflightServices = Pick<RunServices, 'client' | 'spec' | 'input' | 'unavailability'>;

/** GET /auth/me with the admin key: is this a WisPanel API, and is the key
 *  good? Then, with `withResellerKey`, the same with a given reseller key.
 *  Throws TargetError with a one-line message when not. */
export async function preflight(services: PreflightServices, hints: Hints, { withResellerKey }: { withResellerKey: boolean }): Promise<PreflightResult> {
  const { client, spec, input } = services;
  const path = operationPath(spec.identity, {});
  const where = `${client.baseUrl}${path}`;
  const ex = await client.call('admin', { method: 'GET', path });
  const unavailable = services.unavailability.reason;
  if (unavailable) throw new TargetError(3, `target unavailable: GET ${where}: ${unavailable}`);
  if (ex.transportError) {
    const { kind, message } = ex.transportError;
    if (kind === 'tls') throw new TargetError(3, `TLS failure talking to ${where}: ${message}. ${tlsAdvice(message, input.tls, hints)}`);
    if (kind === 'timeout') throw new TargetError(3, `target did not answer: GET ${where}: ${message} (--timeout)`);
    if (kind === 'body') throw new TargetError(3, `target sent a broken answer to GET ${where}: ${message}`);
    throw new TargetError(3, `target unreachable: ${where}: ${message}`);
  }
  const res = ex.response!;
  const type = res.headers['content-type'] ?? 'no content type';
  if (res.status === 401) throw new TargetError(2, `the token was rejected: GET ${path} answered 401 at ${client.baseUrl}; check ${hints.token}`);
  if (res.json === undefined) {
    throw new TargetError(3, `not a WisPanel API (got ${type.split(';')[0]} from ${where}, status ${res.status})`);
  }
  if (res.status === 404)
    throw new TargetError(
      3,
      `not a WisPanel API (GET ${path} answered 404 at ${client.baseUrl}); is the base URL the API root, e.g. https://host:2083/api/v1?`,
    );
  const me = res.json as { role?: unknown };
  if (res.status === 200 && me.role !== undefined && me.role !== 'admin') {
    // A role in a form the vendor did not document (say "Admin") is the
    // panel's to answer for (the identity case fails AUTH-ME-200), not the
    // key's: what the key may do decides, with one admin-only read.
    if (documentedRoles(spec).includes(me.role) || !(await servesAdminRead(services))) {
      throw new TargetError(2, `${hints.token} must be an admin key: GET ${path} says role ${JSON.stringify(me.role)}`);
    }
  }
  const preflightRate = readRateHeaders(res.headers);
  if (!withResellerKey || input.resellerToken === undefined) return { preflightRate, preflightIdentity: ex };
  return { preflightRate, preflightIdentity: ex, resellerKey: await checkResellerKey(services, hints) };
}

/**
 * A given --reseller-token: whose it is, asked once here for the role
 * cases too (the worker reuses the answer), so that a typo stops the run
 * before any case instead of skipping them. Rejected (401) or not a
 * reseller's: exit 2. Any other answer leaves the role cases to be skipped
 * with the reason, as a key refused its own record is (a scoped key,
 * found by the role cases' first read).
 */
async function checkResellerKey({ client, spec }: PreflightServices, hints: Hints): Promise<GivenResellerKey> {
  const path = operationPath(spec.identity, {});
  const ex = await client.call('reseller', { method: 'GET', path });
  const rate = ex.response && readRateHeaders(ex.response.headers);
  if (ex.response?.status === 401)
    throw new TargetError(2, `the reseller key was rejected: GET ${path} answered 401 at ${client.baseUrl}; check ${hints.resellerToken}`);
  const me = ex.response?.json as { username?: unknown; role?: unknown } | undefined;
  // A role in an undocumented form is the panel's fault, judged by the cases.
  if (ex.response?.status === 200 && me?.role !== undefined && me.role !== 'reseller' && documentedRoles(spec).includes(me.role)) {
    throw new TargetError(2, `${hints.resellerToken} must be a reseller's key: GET ${path} says role ${JSON.stringify(me.role)}`);
  }
  if (ex.response?.status === 200 && typeof me?.username === 'string') return { rate, username: me.username };
  return { rate, unusable: `the --reseller-token key could not tell whose it is (GET ${path}: ${describeOutcome(ex)}): role cases not judged` };
}

/** The roles GET /auth/me may name, as the spec documents them. */
function documentedRoles(spec: PreflightServices['spec']): unknown[] {
  const schema = spec.identity.responses[spec.identity.successStatus]?.schema as { properties?: { role?: { enum?: unknown[] } } } | undefined;
  return schema?.properties?.role?.enum ?? [];
}

/** Whether the admin key is served an admin-only read (the list). */
async function servesAdminRead({ client, spec }: PreflightServices): Promise<boolean> {
  const answer = await client.call('admin', { method: 'GET', path: operationPath(spec.record.list, {}) });
  return answer.response !== undefined && answer.response.status >= 200 && answer.response.status < 300;
}

/** What to do about a failed handshake, naming both TLS options. */
function tlsAdvice(message: string, tls: TlsOptions, hints: Hints): string {
  // Plain HTTP answering a TLS hello: no certificate option helps.
  if (NOT_TLS.test(message)) return 'The server may not speak TLS on that port: try http:// instead of https://';
  if (tls.insecure) return "This is with --insecure (no verification): check that the base URL's port speaks HTTPS";
  if (tls.caFile)
    return `The CA in --ca-file ${tls.caFile} does not verify this server: give the CA that signed its certificate, or turn verification off with ${hints.insecure}`;
  return `Trust the panel's CA with ${hints.caFile}, or turn verification off with ${hints.insecure}`;
}
