import { fail, pass, type Check } from './check.ts';

/** HTTP-JSON-CONTENT-TYPE: a body is labelled as JSON. */
export const jsonContentType: Check = ({ exchange: { response } }) => {
  if (!response || response.body.trim() === '') return undefined;
  const type = response.headers['content-type'];
  return type !== undefined && /^application\/([\w.+-]+\+)?json\b/i.test(type)
    ? pass(type)
    : fail(`expected Content-Type application/json, got ${type ?? 'none'}`);
};
