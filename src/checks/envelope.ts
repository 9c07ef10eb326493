// The flat error envelope on every 4xx and 5xx: its shape (ENV-SHAPE), its
// status equal to the HTTP status (ENV-STATUS-MATCH), and, as a convention,
// the code seen with that status (ENV-CODE-MATCH).
import { jsonObject, type RecordedResponse } from '../model/exchange.ts';
import { fail, pass, type Check } from './check.ts';

/** The body of an error answer, when it is a JSON object. */
function errorBody(response: RecordedResponse | undefined): Record<string, unknown> | undefined {
  return jsonObject(response?.json);
}

const isError = (response: RecordedResponse | undefined): response is RecordedResponse => response !== undefined && response.status >= 400;

export const envelopeShape: Check = ({ exchange: { response } }) => {
  if (!isError(response)) return undefined;
  const body = errorBody(response);
  if (!body)
    return fail(`expected the error envelope on ${response.status}, got ${response.body.trim() === '' ? 'an empty body' : 'a body that is not a JSON object'}`);
  const problems: string[] = [];
  if (body.success !== false) problems.push(`success ${JSON.stringify(body.success)} (expected false)`);
  for (const key of ['code', 'error', 'message'] as const) {
    if (typeof body[key] !== 'string') problems.push(`${key} ${body[key] === undefined ? 'missing' : `not a string (${JSON.stringify(body[key])})`}`);
  }
  if (!Number.isInteger(body.status)) problems.push(`status ${body.status === undefined ? 'missing' : `not an integer (${JSON.stringify(body.status)})`}`);
  return problems.length ? fail(`envelope on ${response.status}: ${problems.join(', ')}`) : pass('envelope complete');
};

export const envelopeStatus: Check = ({ exchange: { response } }) => {
  const body = isError(response) ? errorBody(response) : undefined;
  if (!body || !Number.isInteger(body.status)) return undefined;
  return body.status === response!.status
    ? pass(`status ${response!.status}`)
    : fail(`expected envelope status ${response!.status}, got ${String(body.status)}`);
};

export const envelopeCode: Check = ({ exchange: { response }, run }) => {
  const body = isError(response) ? errorBody(response) : undefined;
  const code = response && run.errorCodes[response.status];
  if (!body || !code || typeof body.code !== 'string') return undefined;
  return body.code === code ? pass(code) : fail(`expected code ${code} with ${response.status}, got ${body.code}`);
};
