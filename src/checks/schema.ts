import { fail, pass, type Check } from './check.ts';

/** The documented shape of a response, where the spec has one for the
 *  case's operation and the status that came back. */
export const responseSchema: Check = ({ exchange: { response }, case: { operationId }, run }) => {
  if (!response) return undefined;
  const errors = run.validators.validate(operationId, response.status, response.json);
  if (errors === undefined) return undefined;
  if (response.json === undefined)
    return fail(`expected the documented ${operationId} ${response.status} body, got ${response.body.trim() === '' ? 'no body' : 'a body that is not JSON'}`);
  return errors.length
    ? fail(
        `expected the documented ${operationId} ${response.status} body, got ${errors.slice(0, 3).join('; ')}${errors.length > 3 ? ` (+${errors.length - 3} more)` : ''}`,
      )
    : pass(`${operationId} ${response.status} body matches the spec`);
};
