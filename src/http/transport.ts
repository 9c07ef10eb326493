import type { IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { Agent, errors, type Dispatcher } from 'undici';
import type { TransportErrorKind } from '../model/exchange.ts';
import { whenAborted } from './abort.ts';

/** Bytes of a response body kept; a larger body is cut, not buffered. An
 *  unpaginated list of thousands of resellers runs to a few MB. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface TlsOptions {
  caFile?: string;
  insecure?: boolean;
}

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class TransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** The PEM of --ca-file; throws one line naming the flag when it is unusable
 *  (Node would silently ignore a file without a certificate). */
export function readCaFile(file: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (err) {
    throw new Error(`--ca-file accepts a readable PEM file, cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`--ca-file accepts a PEM file with a CERTIFICATE block, ${file} has none`);
  return pem;
}

export function createDispatcher(tls: TlsOptions, timeoutMs: number): Dispatcher {
  return new Agent({
    connect: {
      ca: tls.caFile ? readCaFile(tls.caFile) : undefined,
      rejectUnauthorized: !tls.insecure,
      timeout: timeoutMs,
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}

/** One HTTP exchange with a hard deadline; every failure becomes a
 *  TransportError, but a cancelled one rejects with `cancel`'s reason. */
export async function sendRaw(dispatcher: Dispatcher, req: RawRequest, timeoutMs: number, cancel?: AbortSignal): Promise<RawResponse> {
  cancel?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const exchange = new Exchange(timeoutMs, (outcome) => {
      clearTimeout(timer);
      unlisten();
      if (cancel?.aborted) reject(cancel.reason as Error);
      else if (outcome instanceof TransportError) reject(outcome);
      else resolve(outcome);
    });
    const timer = setTimeout(() => exchange.stop(new TransportError('timeout', `no complete response within ${timeoutMs / 1000} s`)), timeoutMs);
    const unlisten = whenAborted(cancel, () => exchange.stop(new TransportError('network', 'request cancelled')));
    const { origin, path } = splitUrl(req.url);
    dispatcher.dispatch({ origin, path, method: req.method, headers: req.headers, body: req.body }, exchange);
  });
}

/** origin and path (with its query) of an absolute http(s) URL. */
function splitUrl(url: string): { origin: string; path: string } {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  return slash < 0 ? { origin: url, path: '/' } : { origin: url.slice(0, slash), path: url.slice(slash) };
}

/** One exchange as undici's dispatcher drives it: no stream, no signal
 *  object, no promise per chunk (a fleet sends thousands of requests, and
 *  undici's request() built all three for each). The body is kept up to
 *  the cap; what came before a failure stays as evidence. */
class Exchange implements Dispatcher.DispatchHandler {
  private controller?: Dispatcher.DispatchController;
  private stopped?: TransportError;
  private status?: number;
  private headers: Record<string, string> = {};
  private readonly received: Buffer[] = [];
  private size = 0;
  private settled = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly done: (outcome: RawResponse | TransportError) => void,
  ) {}

  /** Ends it with `why` (a deadline, a cancel), sent or not yet: one not
   *  started yet is aborted by onRequestStart before it is written. */
  stop(why: TransportError): void {
    if (this.settled) return;
    this.stopped = why;
    this.controller?.abort(why);
    this.fail(why);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.stopped) controller.abort(this.stopped);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    // An informational answer (1xx) is not the response.
    if (statusCode < 200) return;
    this.status = statusCode;
    this.headers = flattenHeaders(headers);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled || this.status === undefined) return;
    this.received.push(chunk);
    this.size += chunk.length;
    // A larger body is cut, not buffered.
    if (this.size > MAX_BODY_BYTES) {
      this.succeed(this.status);
      controller.abort(new TransportError('body', 'response body over the cap'));
    }
  }

  onResponseEnd(): void {
    if (this.status === undefined) this.fail(new TransportError('network', 'the connection ended before a response'));
    else this.succeed(this.status);
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    if (this.settled) return;
    const e = classifyTransportError(err, this.timeoutMs);
    if (this.status === undefined || e.kind === 'timeout') return this.fail(e);
    this.fail(
      new TransportError(
        'body',
        `response cut short: status ${this.status}, ${this.size} of ${this.headers['content-length'] ?? 'unknown'} body bytes, then ${e.message}`,
      ),
    );
  }

  private succeed(status: number): void {
    if (this.settled) return;
    this.settled = true;
    this.done({ status, headers: this.headers, body: Buffer.concat(this.received).subarray(0, MAX_BODY_BYTES).toString('utf8') });
  }

  private fail(e: TransportError): void {
    if (this.settled) return;
    this.settled = true;
    this.done(e);
  }
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|SSL|TLS|HOSTNAME|ALTNAME|EPROTO/;
const UNTRUSTED = /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE/;
/** OpenSSL's word for a TLS hello answered by something else, such as plain
 *  HTTP: in the code (ERR_SSL_WRONG_VERSION_NUMBER) or only the message. */
export const NOT_TLS = /WRONG_VERSION_NUMBER|wrong version number/i;

/** Maps what Node and undici throw to one kind and a one-line message that
 *  says what happened in the user's terms, the low-level code in brackets. */
function classifyTransportError(err: unknown, timeoutMs: number): TransportError {
  if (err instanceof TransportError) return err;
  const e = err as Error & { code?: string; cause?: Error & { code?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  if (
    e.name === 'TimeoutError' ||
    e.name === 'AbortError' ||
    err instanceof errors.HeadersTimeoutError ||
    err instanceof errors.BodyTimeoutError ||
    err instanceof errors.ConnectTimeoutError
  ) {
    return new TransportError('timeout', `no complete response within ${timeoutMs / 1000} s`);
  }
  const detail = code || e.cause?.message || e.message || String(err);
  if (TLS_CODES.test(code) || /\b(SSL|TLS)\b/.test(e.message ?? '')) {
    if (UNTRUSTED.test(code)) return new TransportError('tls', `certificate not trusted (${code})`);
    if (/ALTNAME|HOSTNAME/.test(code)) return new TransportError('tls', `certificate issued for another host name (${code})`);
    // Kept in the message, where the preflight's advice looks for it.
    if (!NOT_TLS.test(code) && NOT_TLS.test(e.message ?? '')) return new TransportError('tls', `TLS handshake failed (${detail}: wrong version number)`);
    return new TransportError('tls', `TLS handshake failed (${detail})`);
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new TransportError('network', `connection refused: nothing listening (${code})`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TransportError('network', `host name not found (${code})`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new TransportError('network', `host unreachable (${code})`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new TransportError('network', `connection reset (${code})`);
    case 'UND_ERR_SOCKET':
      return new TransportError('network', `connection closed by the server (${code})`);
  }
  return new TransportError('network', `request failed (${detail})`);
}
