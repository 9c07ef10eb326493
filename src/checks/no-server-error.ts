import { fail, pass, type Check } from './check.ts';

/** HTTP-NO-5XX: whatever the suite sends, no 5xx. */
export const notAServerError: Check = ({ exchange: { response } }) => {
  if (!response) return undefined;
  return response.status >= 500 ? fail(`expected no 5xx, got ${response.status}`) : pass(`${response.status}`);
};
