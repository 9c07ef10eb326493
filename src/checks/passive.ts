// Checks that cost no request: they run on every response the suite gets.
import type { Exchange } from '../model/exchange.ts';
import type { PassiveCheck, Verdict } from './types.ts';

/** Clock skew tolerated between the suite and the server. */
const SKEW_MS = 2000;

const pass = (requirement: string, message: string): Verdict => ({ requirement, ok: true, message });
const fail = (requirement: string, message: string): Verdict => ({ requirement, ok: false, message });

export const jsonBody: PassiveCheck = {
  name: 'json_body',
  requirements: ['HTTP-JSON-BODY'],
  run({ response }) {
    if (!response) return [];
    // No body is not a non-JSON body: a documented body's absence fails its
    // schema check, an error's its envelope check.
    if (response.body.trim() === '') return [];
    return response.json === undefined
      ? [fail('HTTP-JSON-BODY', `expected a JSON body, got ${JSON.stringify(response.body.slice(0, 60))}`)]
      : [pass('HTTP-JSON-BODY', 'body is JSON')];
  },
};

export const jsonContentType: PassiveCheck = {
  name: 'json_content_type',
  requirements: ['HTTP-JSON-CONTENT-TYPE'],
  run({ response }) {
    if (!response || response.body.trim() === '') return [];
    const type = response.headers['content-type'];
    return type !== undefined && /^application\/([\w.+-]+\+)?json\b/i.test(type)
      ? [pass('HTTP-JSON-CONTENT-TYPE', type)]
      : [fail('HTTP-JSON-CONTENT-TYPE', `expected Content-Type application/json, got ${type ?? 'none'}`)];
  },
};

export const notAServerError: PassiveCheck = {
  name: 'not_a_server_error',
  requirements: ['HTTP-NO-5XX'],
  run({ response }) {
    if (!response) return [];
    return response.status >= 500
      ? [fail('HTTP-NO-5XX', `expected no 5xx, got ${response.status}`)]
      : [pass('HTTP-NO-5XX', `${response.status}`)];
  },
};

export const errorEnvelope: PassiveCheck = {
  name: 'error_envelope',
  requirements: ['ENV-SHAPE', 'ENV-STATUS-MATCH', 'ENV-CODE-MATCH'],
  run({ response }, ctx) {
    if (!response || response.status < 400) return [];
    const body = response.json as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return [fail('ENV-SHAPE', `expected the error envelope on ${response.status}, got ${response.body.trim() === '' ? 'an empty body' : 'a body that is not a JSON object'}`)];
    }
    const problems: string[] = [];
    if (body.success !== false) problems.push(`success ${JSON.stringify(body.success)} (expected false)`);
    for (const key of ['code', 'error', 'message'] as const) {
      if (typeof body[key] !== 'string') problems.push(`${key} ${body[key] === undefined ? 'missing' : `not a string (${JSON.stringify(body[key])})`}`);
    }
    if (!Number.isInteger(body.status)) problems.push(`status ${body.status === undefined ? 'missing' : `not an integer (${JSON.stringify(body.status)})`}`);
    const out = [problems.length ? fail('ENV-SHAPE', `envelope on ${response.status}: ${problems.join(', ')}`) : pass('ENV-SHAPE', 'envelope complete')];
    if (Number.isInteger(body.status)) {
      out.push(body.status === response.status
        ? pass('ENV-STATUS-MATCH', `status ${response.status}`)
        : fail('ENV-STATUS-MATCH', `expected envelope status ${response.status}, got ${body.status}`));
    }
    const code = ctx.errorCodes[response.status];
    if (code && typeof body.code === 'string') {
      out.push(body.code === code
        ? pass('ENV-CODE-MATCH', code)
        : fail('ENV-CODE-MATCH', `expected code ${code} with ${response.status}, got ${body.code}`));
    }
    return out;
  },
};

/** Only keyed requests: the vendor does not say whether, or how, requests
 *  without a valid key are limited. Nor does it say the headers come with
 *  error answers: there their absence is a convention (RL-HEADERS-ON-ERRORS);
 *  wherever they are sent, they mean what the vendor says. */
export const rateLimitHeaders: PassiveCheck = {
  name: 'rate_limit_headers',
  requirements: ['RL-HEADERS', 'RL-HEADERS-ON-ERRORS', 'RL-LIMIT-VALUE', 'RL-REMAINING', 'RL-RESET'],
  run(exchange, ctx) {
    const { response } = exchange;
    if (!response || (exchange.credential !== 'admin' && exchange.credential !== 'reseller')) return [];
    const served = response.status >= 200 && response.status < 300;
    const names = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];
    const raw = names.map((n) => response.headers[n]);
    const absent = names.filter((_, i) => raw[i] === undefined);
    if (absent.length && !served) return [fail('RL-HEADERS-ON-ERRORS', `expected ${absent.map(headerName).join(', ')} on this ${response.status} too`)];
    const bad = names.filter((_, i) => raw[i] === undefined || !/^\d+$/.test(raw[i]!.trim()));
    if (bad.length) {
      return [fail('RL-HEADERS', `expected integer ${bad.map(headerName).join(', ')}, got ${bad.map((n) => JSON.stringify(response.headers[n] ?? null)).join(', ')}`)];
    }
    const [limit, remaining, reset] = raw.map((v) => Number(v!.trim())) as [number, number, number];
    const out: Verdict[] = [pass('RL-HEADERS', `${limit}/${remaining}/${reset}`)];
    if (!served) out.push(pass('RL-HEADERS-ON-ERRORS', `on a ${response.status}`));
    out.push(limit === ctx.rate ? pass('RL-LIMIT-VALUE', `${limit}`) : fail('RL-LIMIT-VALUE', `expected X-RateLimit-Limit ${ctx.rate}, got ${limit}`));
    out.push(...remainingVerdicts(limit, remaining, response.status));
    const resetMs = reset * 1000;
    const plausible = (clock: number) => resetMs >= clock - SKEW_MS && resetMs <= clock + ctx.windowMs + SKEW_MS;
    if (clocksOf(response.headers, ctx.now).some(plausible)) out.push(pass('RL-RESET', `${reset}`));
    else if (resetMs < ctx.now - SKEW_MS) out.push(fail('RL-RESET', `expected X-RateLimit-Reset in the future (Unix seconds), got ${reset}, ${Math.round((ctx.now - resetMs) / 1000)} s in the past`));
    else out.push(fail('RL-RESET', `expected X-RateLimit-Reset at most one window ahead (Unix seconds), got ${reset}`));
    return out;
  },
};

/**
 * The vendor does not say how the window works (fixed, sliding, a token
 * bucket), so how Remaining moves between two answers proves nothing: a
 * sliding window or a bucket frees requests as time passes. What holds
 * under every algorithm: Remaining lies between 0 and the limit, and below
 * the limit on an answer to a request that was served (it counted itself).
 */
function remainingVerdicts(limit: number, remaining: number, status: number): Verdict[] {
  if (remaining > limit) return [fail('RL-REMAINING', `expected X-RateLimit-Remaining at most the limit ${limit}, got ${remaining}`)];
  if (status >= 200 && status < 300 && remaining >= limit) {
    return [fail('RL-REMAINING', `expected X-RateLimit-Remaining below the limit ${limit} once this request was served, got ${remaining}`)];
  }
  return [pass('RL-REMAINING', `${remaining}`)];
}

/** The clocks Reset may be read against: ours and, when it sends one, the
 *  server's (its Date header). Either clock may be the one that is off; a
 *  Reset consistent with one of them is no fault of the API. */
function clocksOf(headers: Record<string, string>, now: number): number[] {
  const serverNow = Date.parse(headers.date ?? '');
  return Number.isNaN(serverNow) ? [now] : [now, serverNow];
}

function headerName(lower: string): string {
  return lower.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase()).replace('Ratelimit', 'RateLimit');
}

/** Keyed requests: a 429 on the way that came while the server's own count
 *  still granted two or more (the client's RateWitness holds the proof). */
export const refusedWithinBudget: PassiveCheck = {
  name: 'refused_within_budget',
  requirements: ['RL-429-WITHIN-BUDGET'],
  run(exchange) {
    if (!exchange.response || (exchange.credential !== 'admin' && exchange.credential !== 'reseller')) return [];
    const early = exchange.earlyRefusal;
    if (!early) return [pass('RL-429-WITHIN-BUDGET', 'no 429 inside the advertised budget')];
    return [fail('RL-429-WITHIN-BUDGET', `expected no 429 while X-RateLimit-Remaining still grants requests, got 429 with Remaining ${early.remaining}${early.limit === undefined ? '' : ` of ${early.limit}`} under the same Reset ${early.reset}, after our answers counted down ${early.countedDown.join(', ')}`)];
  },
};

export const passiveChecks: readonly PassiveCheck[] = [jsonBody, jsonContentType, notAServerError, errorEnvelope, rateLimitHeaders, refusedWithinBudget];

export function runPassiveChecks(exchange: Exchange, ctx: Parameters<PassiveCheck['run']>[1]): Verdict[] {
  return passiveChecks.flatMap((check) => check.run(exchange, ctx));
}
