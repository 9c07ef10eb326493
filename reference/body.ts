// Request bodies: read with a size cap, parsed only when a handler asks, so
// that a missing reseller answers 404 before its body is judged.
import type { IncomingMessage } from 'node:http';
import { ApiError, invalid } from './api-error.ts';
import type { Has } from './faults.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = () => new ApiError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${MAX_BODY_BYTES} bytes`, { Connection: 'close' });

export function readRawBody(req: IncomingMessage): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Keep the stream flowing into nothing so the socket is not stalled.
      req.off('data', collect);
      req.resume();
      reject(tooLarge());
    };
    req.on('data', collect);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    // A client that hangs up mid-body is its own failure, not a server error.
    const unreadable = () => reject(invalid('Request body could not be read'));
    req.once('error', unreadable);
    req.once('close', unreadable);
  });
}

/** The body as a JSON object, or a 400 saying why not. */
export function parseJsonObject(raw: Buffer, contentType: string | undefined, has: Has): Record<string, unknown> {
  if (raw.length === 0) throw invalid('Request body must be a JSON object');
  if (!isJsonMediaType(contentType)) throw invalid('Content-Type must be application/json');
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    // robustness fault: behave like a server that never guarded its parser.
    if (has('malformed-json-500')) throw err;
    throw invalid('Malformed JSON body');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('Request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function isJsonMediaType(header: string | undefined): boolean {
  const type = header?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}
