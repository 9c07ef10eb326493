import { readFileSync } from 'node:fs';
import { Agent, errors, request, type Dispatcher } from 'undici';

/** Bytes of a response body kept; a larger body is cut, not buffered. */
const MAX_BODY_BYTES = 1024 * 1024;

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

export type TransportErrorKind = 'timeout' | 'network' | 'tls' | 'body';

export class TransportError extends Error {
  constructor(readonly kind: TransportErrorKind, message: string) {
    super(message);
  }
}

export function createDispatcher(tls: TlsOptions, timeoutMs: number): Dispatcher {
  return new Agent({
    connect: {
      ca: tls.caFile ? readFileSync(tls.caFile) : undefined,
      rejectUnauthorized: !tls.insecure,
      timeout: timeoutMs,
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}

/** One HTTP exchange with a hard deadline; every failure becomes a TransportError. */
export async function sendRaw(dispatcher: Dispatcher, req: RawRequest, timeoutMs: number): Promise<RawResponse> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await request(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      dispatcher,
      signal,
    });
    return { status: res.statusCode, headers: flattenHeaders(res.headers), body: await readCapped(res.body) };
  } catch (err) {
    throw classify(err, timeoutMs);
  }
}

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    chunks.push(buf);
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|SSL|TLS|ERR_TLS|HOSTNAME|ALTNAME/;

function classify(err: unknown, timeoutMs: number): TransportError {
  if (err instanceof TransportError) return err;
  const e = err as Error & { code?: string; cause?: Error & { code?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  if (
    e.name === 'TimeoutError' || e.name === 'AbortError' ||
    err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError || err instanceof errors.ConnectTimeoutError
  ) {
    return new TransportError('timeout', `no complete response within ${timeoutMs / 1000} s`);
  }
  if (TLS_CODES.test(code) || TLS_CODES.test(e.message ?? '')) return new TransportError('tls', `TLS failure: ${code || e.message}`);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new TransportError('network', `cannot connect: ${code}`);
  }
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || err instanceof errors.ResponseError) {
    return new TransportError('body', `connection closed mid-exchange (${code || e.message})`);
  }
  return new TransportError('network', `request failed: ${code || e.message || String(err)}`);
}
