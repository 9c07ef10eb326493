// A run's exchanges as an HTTP Archive (HAR 1.2), for browser devtools and
// HAR viewers. Built from the records, which hold no key (the client records
// them redacted); every string passes the redaction once more all the same.
// Bodies are the recorded excerpts, so sizes are those of the excerpt.

import { mkdir, writeFile } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { dirname } from 'node:path';
import { redactJson } from '../src/model/secrets.ts';
import type { ReportExchange } from '../src/model/report.ts';

/** What the archive says about its maker. */
export interface HarMeta {
  /** The suite's version: log.creator.version. */
  version: string;
  /** log.comment, e.g. the run ID and seed. */
  comment?: string;
}

export interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  comment: string;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarHeader[];
    queryString: HarHeader[];
    cookies: [];
    headersSize: -1;
    bodySize: number;
    postData?: { mimeType: string; text: string };
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarHeader[];
    cookies: [];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
    /** A transport failure: no response came (status 0), as browsers write it. */
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    comment?: string;
    entries: HarEntry[];
  };
}

const CREATOR = 'wispanel-conformance';
/** undici speaks HTTP/1.1 only. */
const HTTP_VERSION = 'HTTP/1.1';

/** Exchanges of a run or of a report (the parsed json is not used). */
export function toHar(exchanges: readonly ReportExchange[], baseUrl: string, meta: HarMeta): Har {
  const har: Har = {
    log: {
      version: '1.2',
      creator: { name: CREATOR, version: meta.version },
      ...(meta.comment === undefined ? {} : { comment: meta.comment }),
      entries: exchanges.map((exchange) => entry(exchange, baseUrl)),
    },
  };
  return redactJson(har);
}

/** Writes the archive as JSON (the directory is created if missing). */
export async function writeHarFile(file: string, exchanges: readonly ReportExchange[], baseUrl: string, meta: HarMeta): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(toHar(exchanges, baseUrl, meta), null, 2)}\n`, 'utf8');
}

function entry(exchange: ReportExchange, baseUrl: string): HarEntry {
  const { request, response, transportError } = exchange;
  const url = baseUrl + request.path;
  const retries = exchange.rateLimitedRetries > 0 ? `, after ${exchange.rateLimitedRetries} × 429` : '';
  return {
    startedDateTime: exchange.startedAt,
    time: exchange.durationMs,
    comment: `credential ${exchange.credential}${retries}`,
    request: {
      method: request.method,
      url,
      httpVersion: HTTP_VERSION,
      headers: headerList(request.headers),
      queryString: queryOf(url),
      cookies: [],
      headersSize: -1,
      bodySize: request.body === undefined ? 0 : byteLength(request.body),
      ...(request.body === undefined ? {} : { postData: { mimeType: headerValue(request.headers, 'content-type') ?? '', text: request.body } }),
    },
    response: response
      ? {
          status: response.status,
          statusText: STATUS_CODES[response.status] ?? '',
          httpVersion: HTTP_VERSION,
          headers: headerList(response.headers),
          cookies: [],
          content: { size: byteLength(response.body), mimeType: headerValue(response.headers, 'content-type') ?? '', text: response.body },
          redirectURL: headerValue(response.headers, 'location') ?? '',
          headersSize: -1,
          bodySize: byteLength(response.body),
        }
      : {
          status: 0,
          statusText: '',
          httpVersion: '',
          headers: [],
          cookies: [],
          content: { size: 0, mimeType: '' },
          redirectURL: '',
          headersSize: -1,
          bodySize: -1,
          _error: transportError ? `${transportError.kind}: ${transportError.message}` : 'no response',
        },
    cache: {},
    // Only the whole round trip is measured: all of it counts as waiting.
    timings: { send: 0, wait: exchange.durationMs, receive: 0 },
  };
}

function headerList(headers: Record<string, string>): HarHeader[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value }));
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

function queryOf(url: string): HarHeader[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
