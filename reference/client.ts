// A minimal client of a reference server for its self-tests: one request,
// the answer read whole. The suite's own client lives in src/; this one
// stays dumb on purpose, so a test sees exactly what the server sent.
import type { ReferenceServer } from './server.ts';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, undefined when it is not JSON. Tests reach into it freely. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately untyped, see above
  json: any;
}

export interface CallOptions {
  /** Bearer key; default the admin key, null for no Authorization header. */
  token?: string | null;
  body?: unknown;
  /** Raw body text, sent instead of `body`. */
  raw?: string;
  headers?: Record<string, string>;
}

export async function call(server: ReferenceServer, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? server.adminToken : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(server.baseUrl + path, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: parseJson(text) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
