// Renders an ApiError as the documented flat error envelope. The envelope
// faults each break one part of it; two code faults swap the code text.
import type { ApiError, ErrorCode } from './api-error.ts';
import type { FaultName, Has } from './faults.ts';
import type { Reply } from './reply.ts';

const CODE_SWAPS: ReadonlyArray<readonly [FaultName, ErrorCode, string]> = [
  ['validation-code-bad-request', 'VALIDATION_ERROR', 'BAD_REQUEST'],
  ['not-found-code-error', 'NOT_FOUND', 'ERROR'],
];

export function errorReply(err: ApiError, has: Has): Reply {
  return { status: err.status, headers: err.headers, json: envelope(err, has) };
}

function envelope(err: ApiError, has: Has): Record<string, unknown> {
  const code = CODE_SWAPS.find(([fault, from]) => from === err.code && has(fault))?.[2] ?? err.code;
  if (has('envelope-legacy-nested')) return { error: { code, message: err.message, details: {} } };
  const body: Record<string, unknown> = {
    success: has('envelope-success-true'),
    code,
    error: err.message,
    message: err.message,
    status: has('envelope-status-mismatch') ? 200 : err.status,
  };
  if (has('envelope-no-code')) delete body.code;
  if (has('envelope-no-message')) delete body.message;
  return body;
}
