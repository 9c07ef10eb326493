// The harness of the checks' own tests (src/checks/*.test.ts), in the style
// of Spectral's testRule: a synthetic exchange, a context around it, and the
// judgement of one check.
import type { PlannedCase } from '../../src/model/case.ts';
import type { Credential, Exchange } from '../../src/model/exchange.ts';
import type { Check, CheckContext, Judgement, RunView } from '../../src/checks/check.ts';
import { loadSpec } from '../../src/spec/load.ts';
import { ResponseValidators } from '../../src/spec/validators.ts';

export const NOW = 1_800_000_000_000;

const spec = loadSpec();
const validators = new ResponseValidators(spec);

/** The three rate-limit headers. */
export const rl = (limit: number, remaining: number, reset: number) => ({
  'x-ratelimit-limit': String(limit),
  'x-ratelimit-remaining': String(remaining),
  'x-ratelimit-reset': String(reset),
});

/** An answer as the client records it: JSON parsed when it parses, the
 *  rate-limit headers of a fresh window unless `headers` says otherwise. */
export function exchange(status: number, body: unknown, headers: Record<string, string> = {}, credential: Credential = 'admin'): Exchange {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    credential,
    request: { method: 'GET', path: '/resellers/', headers: {} },
    response: { status, headers: { 'content-type': 'application/json', ...rl(60, 59, NOW / 1000 + 30), ...headers }, body: text, json },
    startedAt: new Date(NOW).toISOString(),
    durationMs: 1,
    rateLimitedRetries: 0,
  };
}

/** No answer at all. */
export function noAnswer(message = 'no complete response within 30 s'): Exchange {
  return { ...exchange(200, []), response: undefined, transportError: { kind: 'timeout', message } };
}

/** The error envelope of a status. */
export const envelope = (status: number, code: string) => ({ success: false, code, error: 'e', message: 'm', status });

export const runView = (over: Partial<RunView> = {}): RunView => ({ rate: 60, windowMs: 60_000, now: NOW, errorCodes: spec.errorCodes, validators, ...over });

/** A planned case of the real spec, its expectation as given. */
export function plannedCase(over: Partial<PlannedCase> = {}): PlannedCase {
  return {
    id: 'getReseller.positive.ok',
    operationId: 'getReseller',
    group: 'resellers.get',
    kind: 'positive',
    title: '[GET] /resellers/{username} - a valid request -> 200',
    credential: 'admin',
    requirements: ['RES-GET-200'],
    profile: 'default',
    write: false,
    target: 'lifecycle',
    variant: { type: 'positive' },
    expect: { status: 200, requirement: 'RES-GET-200' },
    cost: { admin: 1 },
    ...over,
  };
}

export interface Given<E> {
  evidence?: E;
  case?: Partial<PlannedCase>;
  run?: Partial<RunView>;
}

export function contextOf<E>(ex: Exchange, given: Given<E> = {}): CheckContext<E> {
  return { case: plannedCase(given.case), exchange: ex, evidence: given.evidence as E, run: runView(given.run) };
}

/** One check's judgement of one exchange. */
export function judge<E>(check: Check<E>, ex: Exchange, given: Given<E> = {}): Judgement | undefined {
  return check(contextOf(ex, given));
}

/** ok, failed, or not judged (undefined). */
export function verdictOf<E>(check: Check<E>, ex: Exchange, given: Given<E> = {}): 'ok' | 'fail' | undefined {
  const j = judge(check, ex, given);
  return j === undefined ? undefined : j.ok ? 'ok' : 'fail';
}
