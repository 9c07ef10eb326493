// What a handler answers, and the one place that writes it to the socket.
import type { ServerResponse } from 'node:http';
import type { Has } from './faults.ts';

export interface Reply {
  status: number;
  /** Sent as JSON; absent with `plain` absent means no body (e.g. 204). */
  json?: unknown;
  plain?: string;
  headers?: Readonly<Record<string, string>>;
}

export const ok = (json: unknown): Reply => ({ status: 200, json });
export const created = (json: unknown): Reply => ({ status: 201, json });

const JSON_TYPE = 'application/json; charset=utf-8';

export function writeReply(res: ServerResponse, reply: Reply, has: Has): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.setHeader('Cache-Control', 'no-store');
  res.statusCode = reply.status;
  const body = reply.json !== undefined ? JSON.stringify(reply.json) : reply.plain;
  if (body === undefined) {
    res.end();
    return;
  }
  const type = reply.json !== undefined ? jsonContentType(has) : 'text/plain; charset=utf-8';
  if (type !== undefined && !res.hasHeader('Content-Type')) res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** content-type faults mislabel or drop the JSON media type. */
function jsonContentType(has: Has): string | undefined {
  if (has('content-type-html')) return 'text/html; charset=utf-8';
  if (has('content-type-missing')) return undefined;
  return JSON_TYPE;
}
