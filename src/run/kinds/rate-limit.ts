// A key beyond its limit, then after the reset: the admin key's case (run
// last, it spends a window) and the reseller key's (a step of the role
// suite). The vendor does not say how the window works, so it holds to what
// every algorithm guarantees.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Exchange } from '../../model/exchange.ts';
import { describeOutcome, succeeded } from '../../model/exchange.ts';
import type { Operation } from '../../spec/load.ts';
import { readRateHeaders } from '../../http/budget.ts';
import type { ApiClient } from '../../http/client.ts';
import { mostServable } from '../../checks/rate-limit.ts';
import type { RunContext } from '../context.ts';
import { SkipCase, type CaseRecorder } from '../recorder.ts';
import { buildRequest } from '../request.ts';
import { ownKeys } from '../services.ts';
import type { KindExecutor } from './kind.ts';

/** Parallel lanes: quick enough to outrun a window that frees requests as
 *  time passes, gentle enough for a real panel. */
const LANES = 10;

/** Past this many requests, a server too slow to be pushed over its limit
 *  is not judged (in rates: the limit, ten times). */
const HARD_CAP_RATES = 10;

export const rateLimit: KindExecutor<'rate-limit'> = {
  name: 'rate-limit',
  execute: (run, rec, op) => pushBeyondLimit(run, rec, op, 'admin', run.client),
};

/**
 * Spends what the server says is left of the key's window in one burst,
 * then goes on until the 429 comes (the window may have turned, or freed
 * requests meanwhile); expects 429 RATE_LIMITED, waits for the announced
 * reset and expects service again. A server that serves more than any
 * algorithm allows in the time taken fails RL-429.
 */
export async function pushBeyondLimit(
  run: RunContext,
  rec: CaseRecorder,
  op: Operation,
  credential: 'admin' | 'reseller',
  client: ApiClient | undefined,
): Promise<void> {
  const { rate, windowMs } = run.input;
  if (!client) throw new SkipCase(run.roles.unusable ?? 'no reseller key: not judged');
  const budget = run.budgets[credential];
  const req = buildRequest(run, op, rec.planned, undefined);
  // A window the other cases spent to the last request is the burst's
  // already: the probe goes at once (its 429 is the one the test wants)
  // instead of waiting to spend the whole of the next window.
  const probe = await rec.send(credential, req, client, budget.windowSpent());
  // A key no longer served (its reseller gone, say) cannot be pushed.
  const status = probe.response?.status;
  if (status === 401 || status === 403) throw new SkipCase(`the ${credential} key was refused (${status}) before the burst: not judged`);
  let limited: Exchange | undefined = status === 429 ? probe : undefined;
  const left = Math.min(readRateHeaders(probe.response?.headers ?? {}).remaining ?? rate, rate);
  const started = Date.now();
  let served = 0;
  const send = async () => {
    const ex = await rec.send(credential, req, client, true);
    if (ex.response?.status === 429) limited ??= ex;
    else if (succeeded(ex)) served++;
    return ex;
  };
  // A proxy's answer within the burst (a 503 of a restart) is waited out in
  // the client with the panel's other requests, then its lane goes on: the
  // burst counts and judges the API's answers only, and the time waited
  // only widens what any algorithm may serve, so it never accuses.
  const overServed = () => served > mostServable(rate, windowMs, Date.now() - started);
  // The burst, exactly what is left and one: on a fixed window that did not
  // turn, the one 429 it costs.
  const answers = limited ? [probe] : await inLanes(left + 1, () => false, send);
  if (!limited) answers.push(...(await inLanes(HARD_CAP_RATES * rate, () => limited !== undefined || overServed(), send)));

  const elapsedMs = Date.now() - started;
  const burst = { limited: limited !== undefined, served, elapsedMs, answers: [...new Set(answers.map(describeOutcome))] };
  if (limited) {
    rec.judge('RL-429', limited, burst);
    const wait = await budget.blockedUntilReset(readRateHeaders(limited.response!.headers));
    // In certify the first request after the 429 goes once the announced
    // Reset has passed by the server's own clock (a Retry-After may say
    // otherwise): a Reset announced too early then fails RL-RESET-HONOURED.
    const atReset = ownKeys(run.input) ? untilAnnouncedReset(limited, windowMs) : undefined;
    if (atReset !== undefined) {
      await sleep(atReset);
      const first = await rec.send(credential, req, client, true);
      if (succeeded(first)) {
        rec.judge('RL-RECOVERY', first);
        return;
      }
    }
    await sleep(Math.max(0, wait - (atReset ?? 0)));
    const after = await rec.send(credential, req, client);
    rec.judge('RL-RECOVERY', after);
    return;
  }
  if (!overServed())
    throw new SkipCase(
      `${served} of ${answers.length} requests served in ${(elapsedMs / 1000).toFixed(1)} s, never more than the limit allows in that time: not judged`,
    );
  rec.judge('RL-429', answers.at(-1)!, burst);
}

/** Calls fn up to `count` times, at most LANES at a time, and launches no
 *  more once `stop` holds. */
async function inLanes<T>(count: number, stop: () => boolean, fn: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: Math.min(LANES, count) }, async () => {
      while (started < count && !stop()) {
        started++;
        out.push(await fn());
      }
    }),
  );
  return out;
}

/** How long from now until the server's own clock has passed the Reset its
 *  429 announced (by its Date header, a second's rounding added; at most a
 *  window after the 429); undefined without both headers. */
function untilAnnouncedReset(refusal: Exchange, windowMs: number): number | undefined {
  const headers = refusal.response?.headers ?? {};
  const { reset } = readRateHeaders(headers);
  const date = Date.parse(headers.date ?? '');
  if (reset === undefined || Number.isNaN(date)) return undefined;
  // From when the 429 came back: the rest of the burst may have taken a while since.
  const answeredAt = Date.parse(refusal.startedAt) + refusal.durationMs;
  return Math.max(0, answeredAt + Math.min(Math.max(0, reset * 1000 - date + 1000), windowMs) - Date.now());
}
