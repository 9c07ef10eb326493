import type { ApiClient } from '../http/client.ts';
import type { RateHeaders } from '../http/budget.ts';
import { readRateHeaders } from '../http/budget.ts';
import type { LoadedSpec } from '../spec/load.ts';
import type { TlsOptions } from '../http/transport.ts';
import { operationPath } from './paths.ts';

/** Why a run cannot start, and the exit code that says so. */
export class TargetError extends Error {
  constructor(readonly exitCode: 2 | 3, message: string) {
    super(message);
  }
}

export interface PreflightResult {
  username?: string;
  role?: string;
  rate: RateHeaders;
}

/** GET /auth/me with the admin key: is this a WisPanel API, and is the key
 *  good? Throws TargetError with a one-line message when not. */
export async function preflight(client: ApiClient, spec: LoadedSpec, tls: TlsOptions): Promise<PreflightResult> {
  const path = operationPath(spec.identity, {});
  const where = `${client.baseUrl}${path}`;
  const ex = await client.call('admin', { method: 'GET', path });
  if (ex.transportError) {
    const { kind, message } = ex.transportError;
    if (kind === 'tls') throw new TargetError(3, `TLS failure talking to ${where}: ${message}. ${tlsAdvice(tls)}`);
    if (kind === 'timeout') throw new TargetError(3, `target did not answer: GET ${where}: ${message} (--timeout)`);
    if (kind === 'body') throw new TargetError(3, `target sent a broken answer to GET ${where}: ${message}`);
    throw new TargetError(3, `target unreachable: ${where}: ${message}`);
  }
  const res = ex.response!;
  const type = res.headers['content-type'] ?? 'no content type';
  if (res.status === 401) throw new TargetError(2, `the token was rejected: GET ${path} answered 401 at ${client.baseUrl}; check --token (or WISPANEL_TOKEN)`);
  if (res.json === undefined) {
    throw new TargetError(3, `not a WisPanel API (got ${type.split(';')[0]} from ${where}, status ${res.status})`);
  }
  if (res.status === 404) throw new TargetError(3, `not a WisPanel API (GET ${path} answered 404 at ${client.baseUrl}); is the base URL the API root, e.g. https://host:2083/api/v1?`);
  const me = res.json as { username?: unknown; role?: unknown };
  if (res.status === 200 && me.role !== undefined && me.role !== 'admin') {
    throw new TargetError(2, `--token must be an admin key: GET ${path} says role ${JSON.stringify(me.role)}`);
  }
  return {
    username: typeof me.username === 'string' ? me.username : undefined,
    role: typeof me.role === 'string' ? me.role : undefined,
    rate: readRateHeaders(res.headers),
  };
}

/** What to do about a failed handshake, naming both TLS options. */
function tlsAdvice(tls: TlsOptions): string {
  if (tls.insecure) return "This is with --insecure (no verification): check that the base URL's port speaks HTTPS";
  if (tls.caFile) return `The CA in --ca-file ${tls.caFile} does not verify this server: give the CA that signed its certificate, or turn verification off with --insecure`;
  return "Trust the panel's CA with --ca-file PATH (or WISPANEL_CA_FILE), or turn verification off with --insecure";
}
