// POST /resellers/: the one documented write with documented validation.
import { ApiError, conflict, invalid } from '../api-error.ts';
import type { Has } from '../faults.ts';
import { defaultSubresources } from '../records.ts';
import type { Reply } from '../reply.ts';
import { crashIf } from '../crash.ts';
import { hasPathChars, isAcceptablePassword, isReservedUsername, isValidEmail, isValidUsername } from '../rules.ts';
import type { Handler } from './context.ts';
import type { Store } from '../store.ts';
import { prefixKin } from './misdirected.ts';

const REQUIRED = ['username', 'email', 'password'] as const;
const REQUIRED_MESSAGE = 'Username, email, and password are required';

export const createReseller: Handler = ({ store, has, body }): Reply => {
  const { username, email } = validated(store, body(), has);
  // data-safety fault: a duplicate reseller is silently replaced.
  const overwrite = store.resellers.has(username) && has('duplicate-create-overwrites');
  // status fault: the answer is built from the reseller created before.
  const named = has('create-answers-stale') ? ([...store.resellers.keys()].at(-1) ?? username) : username;
  const created = {
    status: has('create-200') ? 200 : 201,
    json: { success: true, message: 'Reseller created successfully', username: named, package: 'default' },
  };
  // validation fault: a duplicate is answered as created, and nothing changes.
  if (store.resellers.has(username) && has('duplicate-create-accepted')) return created;
  if (store.account(username) && !overwrite) throw conflict(`Username '${username}' is already taken`);
  // data-safety fault: a careless upsert by prefix resets the records it matches.
  if (has('create-resets-prefix')) for (const kin of prefixKin(store, username)) Object.assign(kin, defaultSubresources());
  store.addReseller(username, email, 'api');
  return created;
};

/** The new reseller's name and e-mail, or the refusal thrown. Under the
 *  validation fault the insert went first: a refused body keeps the
 *  reseller it named (where the name could be one). */
function validated(store: Store, input: Record<string, unknown>, has: Has): { username: string; email: string } {
  try {
    return readNewReseller(input, has);
  } catch (err) {
    const { username, email } = input;
    if (has('create-validated-after-write') && typeof username === 'string' && isValidUsername(username) && !store.account(username))
      store.addReseller(username, typeof email === 'string' ? email : '', 'api');
    throw err;
  }
}

/** Missing = absent, null or empty; then types; then the rules, on given values only. */
function readNewReseller(input: Record<string, unknown>, has: Has): { username: string; email: string } {
  crashOnOddInput(input, has);
  const blankIsMissing = !has('create-empty-string-accepted');
  const isMissing = (value: unknown) => value === undefined || value === null || (blankIsMissing && value === '');
  if (REQUIRED.some((field) => isMissing(input[field])) && !has('create-missing-field-accepted')) {
    throw has('create-missing-field-422') ? new ApiError(422, 'VALIDATION_ERROR', REQUIRED_MESSAGE) : invalid(REQUIRED_MESSAGE);
  }
  const wrongType = REQUIRED.find((field) => !isMissing(input[field]) && typeof input[field] !== 'string');
  if (wrongType) throw invalid(`${wrongType} must be a string`);

  const given = (field: (typeof REQUIRED)[number]) => {
    const value = input[field];
    return typeof value === 'string' ? value : '';
  };
  const username = given('username');
  const email = given('email');
  const password = given('password');
  if (username && !isValidUsername(username)) {
    throw invalid('Username must be 1-16 lowercase letters or digits, starting with a letter');
  }
  if (username && isReservedUsername(username)) throw invalid(`Username '${username}' is reserved`);
  if (email && !isValidEmail(email)) throw invalid('Email address is invalid');
  if (password && !isAcceptablePassword(password)) throw invalid('Password must be at least 8 characters');
  return { username, email };
}

/** robustness faults: inputs an unguarded create chokes on, before any rule. */
function crashOnOddInput(input: Record<string, unknown>, has: Has): void {
  const username = typeof input.username === 'string' ? input.username : '';
  crashIf(has, 'long-username-500', username.length > 64, 'username overflows its 64-character column');
  // eslint-disable-next-line no-control-regex -- the ASCII range starts at \x00
  crashIf(has, 'unicode-username-500', /[^\x00-\x7f]/.test(username), 'username is not ASCII');
  crashIf(has, 'path-chars-username-500', hasPathChars(username), 'username escapes the home directory path');
  const notText = REQUIRED.some((field) => input[field] === null || Array.isArray(input[field]));
  crashIf(has, 'null-field-500', notText, "Cannot read properties of null (reading 'trim')");
}
