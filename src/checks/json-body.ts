import { fail, pass, type Check } from './check.ts';

/** HTTP-JSON-BODY. No body is not a non-JSON body: a documented body's
 *  absence fails its schema check, an error's its envelope check. */
export const jsonBody: Check = ({ exchange: { response } }) => {
  if (!response || response.body.trim() === '') return undefined;
  return response.json === undefined ? fail(`expected a JSON body, got ${JSON.stringify(response.body.slice(0, 60))}`) : pass('body is JSON');
};
