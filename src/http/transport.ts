import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent, errors, request, type Dispatcher } from 'undici';
import type { TransportErrorKind } from '../model/exchange.ts';

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
 *  TransportError, but a cancelled one rejects with `cancel`'s reason. undici
 *  takes an EventEmitter for its signal: one per request, with one timer,
 *  costs far less than an AbortController, whose EventTarget a fleet would
 *  build and tear down thousands of times. */
export async function sendRaw(dispatcher: Dispatcher, req: RawRequest, timeoutMs: number, cancel?: AbortSignal): Promise<RawResponse> {
  cancel?.throwIfAborted();
  const stop = new EventEmitter();
  const abort = () => stop.emit('abort');
  const timer = setTimeout(abort, timeoutMs);
  const unlisten = cancel && whenAborted(cancel, abort);
  try {
    return await exchange(dispatcher, req, timeoutMs, stop);
  } catch (err) {
    cancel?.throwIfAborted();
    throw err;
  } finally {
    clearTimeout(timer);
    unlisten?.();
  }
}

/** What each signal stops when aborted, under the one listener it gets:
 *  a run's signal is shared by every request of the run. */
const stopsOf = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `stop` when `signal` aborts, until the returned function is called. */
function whenAborted(signal: AbortSignal, stop: () => void): () => void {
  let stops = stopsOf.get(signal);
  if (!stops) {
    const all = (stops = new Set());
    stopsOf.set(signal, all);
    signal.addEventListener('abort', () => all.forEach((s) => s()), { once: true });
  }
  stops.add(stop);
  return () => stops.delete(stop);
}

async function exchange(dispatcher: Dispatcher, req: RawRequest, timeoutMs: number, signal: EventEmitter): Promise<RawResponse> {
  let res: Dispatcher.ResponseData;
  try {
    res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher,
      signal,
    });
  } catch (err) {
    throw classifyTransportError(err, timeoutMs);
  }
  const headers = flattenHeaders(res.headers);
  const received: Buffer[] = [];
  try {
    await readCapped(res.body, received);
  } catch (err) {
    const e = classifyTransportError(err, timeoutMs);
    if (e.kind === 'timeout') throw e;
    const got = Buffer.concat(received).length;
    throw new TransportError(
      'body',
      `response cut short: status ${res.statusCode}, ${got} of ${headers['content-length'] ?? 'unknown'} body bytes, then ${e.message}`,
    );
  }
  return { status: res.statusCode, headers, body: Buffer.concat(received).subarray(0, MAX_BODY_BYTES).toString('utf8') };
}

/** Reads into `chunks` (so a cut body still shows what came); stops at the cap. */
async function readCapped(body: Dispatcher.ResponseData['body'], chunks: Buffer[]): Promise<void> {
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    chunks.push(buf);
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      return;
    }
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
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
