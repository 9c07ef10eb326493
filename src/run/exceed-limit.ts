// The active rate-limit test: the admin key beyond its limit, then after the
// reset. The vendor does not say how the window works (fixed, sliding, a
// token bucket), so the test holds to what every algorithm guarantees.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Exchange } from '../model.ts';
import type { Operation } from '../spec/load.ts';
import { readRateHeaders } from '../http/budget.ts';
import { describeOutcome, expectResponse, succeeded } from '../checks/expect.ts';
import type { RunContext } from './context.ts';
import { SkipCase, type CaseRecorder } from './recorder.ts';
import { buildRequest } from './request.ts';

/** Parallel lanes: quick enough to outrun a window that frees requests as
 *  time passes, gentle enough for a real panel. */
const LANES = 10;

/** Past this many requests, a server too slow to be pushed over its limit
 *  is not judged (in rates: the limit, ten times). */
const HARD_CAP_RATES = 10;

/**
 * The most requests of one key that any algorithm may serve within
 * `elapsedMs`: a fixed window serves the limit in each window the span
 * touches (two for a span shorter than a window, when it straddles a turn);
 * a sliding window or a token bucket serve less.
 */
function mostServable(rate: number, windowMs: number, elapsedMs: number): number {
  return rate * (Math.floor(elapsedMs / windowMs) + 2);
}

/**
 * Spends what the server says is left of the admin key's window in one
 * burst, then goes on until the 429 comes (the window may have turned, or
 * freed requests meanwhile); expects 429 RATE_LIMITED, waits for the
 * announced reset and expects service again. A server that serves more
 * than any algorithm allows in the time taken fails RL-429.
 */
export async function exceedLimit(run: RunContext, rec: CaseRecorder, op: Operation): Promise<void> {
  const { rate, windowMs } = run.input;
  const req = buildRequest(run, op, rec.planned, undefined);
  const probe = await rec.send('admin', req);
  const left = Math.min(readRateHeaders(probe.response?.headers ?? {}).remaining ?? rate, rate);
  const started = Date.now();
  let served = 0;
  let limited: Exchange | undefined;
  const send = async () => {
    const ex = await rec.send('admin', req, undefined, true);
    if (ex.response?.status === 429) limited ??= ex;
    else if (succeeded(ex)) served++;
    return ex;
  };
  const overServed = () => served > mostServable(rate, windowMs, Date.now() - started);
  // The burst, exactly what is left and one: on a fixed window that did not
  // turn, the one 429 it costs.
  const answers = await inLanes(left + 1, () => false, send);
  if (!limited) answers.push(...(await inLanes(HARD_CAP_RATES * rate, () => limited !== undefined || overServed(), send)));

  if (limited) {
    rec.judge(expectResponse(limited, rec.planned.expect), limited);
    await sleep(await run.budgets.admin.blockedUntilReset(readRateHeaders(limited.response!.headers)));
    const after = await rec.send('admin', req);
    rec.judge({ requirement: 'RL-RECOVERY', ok: succeeded(after), message: `expected service after the reset, got ${describeOutcome(after)}` });
    return;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!overServed()) throw new SkipCase(`${served} of ${answers.length} requests served in ${seconds} s, never more than the limit allows in that time: not judged`);
  const statuses = [...new Set(answers.map(describeOutcome))].join(', ');
  rec.judge({ requirement: 'RL-429', ok: false, message: `expected 429 RATE_LIMITED, got only ${statuses}: ${served} requests served in ${seconds} s at a limit of ${rate} per ${windowMs / 1000} s` });
}

/** Calls fn up to `count` times, at most LANES at a time, and launches no
 *  more once `stop` holds. */
async function inLanes<T>(count: number, stop: () => boolean, fn: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let started = 0;
  await Promise.all(Array.from({ length: Math.min(LANES, count) }, async () => {
    while (started < count && !stop()) {
      started++;
      out.push(await fn());
    }
  }));
  return out;
}
