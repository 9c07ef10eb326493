// Whose record an answer shows. A lookup that matches by pattern, a create
// answered from a stale copy, or a list built on a join that fans out still
// answers well-formed objects: only the username tells that the record is
// not the one asked for, or that one record is listed twice.
import { succeeded, type Exchange } from '../model/exchange.ts';
import { fail, pass, type Check } from './check.ts';
import { isListAnswer, listedNames, sameName } from './listed.ts';

/** Fixed routes beside /resellers/{username}. */
const FIXED_ROUTES = new Set(['dashboard', 'transfer-user']);

/** The username a GET of one reseller asked for; undefined for any other request. */
function requestedReseller({ request }: Exchange): string | undefined {
  if (request.method !== 'GET') return undefined;
  const match = /^\/resellers\/([^/?#]+)\/?(?:[?#].*)?$/.exec(request.path);
  if (!match) return undefined;
  try {
    const name = decodeURIComponent(match[1]);
    return FIXED_ROUTES.has(name) ? undefined : name;
  } catch {
    return undefined;
  }
}

/** RES-GET-200, on every answer: a record served for GET /resellers/{u}
 *  is u's (its username, where it names one, is u). */
export const answersRequestedReseller: Check = ({ exchange }) => {
  const asked = requestedReseller(exchange);
  const shown = (exchange.response?.json as { username?: unknown } | null | undefined)?.username;
  if (asked === undefined || !succeeded(exchange) || typeof shown !== 'string') return undefined;
  return sameName(shown, asked) ? pass(`the record of ${asked}`) : fail(`expected the record of ${asked}, got the record of ${shown}`);
};

/** RES-CREATE-201, on every answer: a create served 2xx names the username
 *  it was sent (where both name one). */
export const namesCreatedReseller: Check = ({ exchange }) => {
  const { request, response } = exchange;
  if (request.method !== 'POST' || !/^\/resellers\/?$/.test(request.path) || !succeeded(exchange)) return undefined;
  const asked = parsed(request.body)?.username;
  const shown = (response?.json as { username?: unknown } | null | undefined)?.username;
  if (typeof asked !== 'string' || typeof shown !== 'string') return undefined;
  return sameName(shown, asked) ? pass(`created ${asked}`) : fail(`expected the create to name ${asked}, got ${shown}`);
};

/** A recorded request body as JSON, or undefined. */
function parsed(body: string | undefined): { username?: unknown } | undefined {
  try {
    return body === undefined ? undefined : (JSON.parse(body) as { username?: unknown });
  } catch {
    return undefined;
  }
}

/** LIFE-LIST-ONCE, on every answer: the reseller list names each username once. */
export const listsEachResellerOnce: Check = ({ exchange }) => {
  if (!isListAnswer(exchange)) return undefined;
  const seen = new Map<string, number>();
  for (const name of listedNames(exchange)) if (typeof name === 'string') seen.set(name, (seen.get(name) ?? 0) + 1);
  const repeated = [...seen].filter(([, times]) => times > 1);
  if (repeated.length === 0) return pass(`${seen.size} usernames, each listed once`);
  const shown = repeated.slice(0, 5).map(([name, times]) => `${name} ${times} times`);
  return fail(`expected each reseller listed once, got ${shown.join(', ')}${repeated.length > 5 ? ` (and ${repeated.length - 5} more)` : ''}`);
};
