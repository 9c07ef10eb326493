// Errors a handler throws to answer with the error envelope. Anything else
// thrown is a bug and becomes 500 INTERNAL_ERROR.

export type ErrorCode =
  'VALIDATION_ERROR' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'METHOD_NOT_ALLOWED' | 'CONFLICT' | 'PAYLOAD_TOO_LARGE' | 'RATE_LIMITED' | 'INTERNAL_ERROR';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    // An answer, not a bug: no stack trace to capture. Capturing one (under
    // tsx, source maps on) was the largest single cost of a bench's panel
    // servers, which answer most requests with an error.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

export const invalid = (message: string) => new ApiError(400, 'VALIDATION_ERROR', message);
export const notFound = (message: string) => new ApiError(404, 'NOT_FOUND', message);
export const conflict = (message: string) => new ApiError(409, 'CONFLICT', message);
export const forbidden = (message: string) => new ApiError(403, 'FORBIDDEN', message);
