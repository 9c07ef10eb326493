// The X-RateLimit-* headers, on keyed requests only: the vendor does not say
// whether, or how, requests without a valid key are limited. On 2xx answers
// they are documented (RL-HEADERS); the vendor names them but not which
// answers carry them, so on error answers their absence is a convention
// (RL-HEADERS-ON-ERRORS). Wherever they are sent, they mean what the vendor
// says: the limit (RL-LIMIT-VALUE), what is left (RL-REMAINING), when the
// window resets (RL-RESET).
import type { Exchange } from '../model/exchange.ts';
import { fail, pass, type Check, type Judgement } from './check.ts';

/** Clock skew tolerated between the suite and the server. */
const SKEW_MS = 2000;

const NAMES = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'] as const;

interface Headers {
  served: boolean;
  status: number;
  absent: string[];
  /** Absent or not an integer. */
  bad: string[];
  /** limit, remaining, reset: when all three are integers. */
  values?: [number, number, number];
  raw: Record<string, string>;
}

const parsed = new WeakMap<Exchange, Headers | undefined>();

/** The headers of a keyed request's answer, read once per exchange. */
function headersOf(exchange: Exchange): Headers | undefined {
  if (parsed.has(exchange)) return parsed.get(exchange);
  const { response } = exchange;
  let h: Headers | undefined;
  if (response && (exchange.credential === 'admin' || exchange.credential === 'reseller')) {
    const raw = NAMES.map((n) => response.headers[n]);
    const bad = NAMES.filter((_, i) => raw[i] === undefined || !/^\d+$/.test(raw[i].trim()));
    h = {
      served: response.status >= 200 && response.status < 300,
      status: response.status,
      absent: NAMES.filter((_, i) => raw[i] === undefined),
      bad,
      values: bad.length ? undefined : (raw.map((v) => Number(v.trim())) as [number, number, number]),
      raw: response.headers,
    };
  }
  parsed.set(exchange, h);
  return h;
}

export const headersPresent: Check = ({ exchange }) => {
  const h = headersOf(exchange);
  if (!h || (h.absent.length && !h.served)) return undefined;
  if (!h.values) return fail(`expected integer ${h.bad.map(headerName).join(', ')}, got ${h.bad.map((n) => JSON.stringify(h.raw[n] ?? null)).join(', ')}`);
  return pass(h.values.join('/'));
};

export const headersOnErrors: Check = ({ exchange }) => {
  const h = headersOf(exchange);
  if (!h || h.served) return undefined;
  if (h.absent.length) return fail(`expected ${h.absent.map(headerName).join(', ')} on this ${h.status} too`);
  return h.values ? pass(`on a ${h.status}`) : undefined;
};

export const limitValue: Check = ({ exchange, run }) => {
  const limit = headersOf(exchange)?.values?.[0];
  if (limit === undefined) return undefined;
  return limit === run.rate ? pass(`${limit}`) : fail(`expected X-RateLimit-Limit ${run.rate}, got ${limit}`);
};

/**
 * The vendor does not say how the window works (fixed, sliding, a token
 * bucket), so how Remaining moves between two answers proves nothing here: a
 * sliding window or a bucket frees requests as time passes. What holds
 * under every algorithm: Remaining lies between 0 and the limit, and below
 * the limit on an answer to a request that was served (it counted itself).
 */
export const remainingInRange: Check = ({ exchange }) => {
  const h = headersOf(exchange);
  if (!h?.values) return undefined;
  const [limit, remaining] = h.values;
  if (remaining > limit) return fail(`expected X-RateLimit-Remaining at most the limit ${limit}, got ${remaining}`);
  if (h.served && remaining >= limit) return fail(`expected X-RateLimit-Remaining below the limit ${limit} once this request was served, got ${remaining}`);
  return pass(`${remaining}`);
};

/** Reset in Unix seconds, not in the past, at most one window ahead: by our
 *  clock or by the server's own (its Date header), since either may be the
 *  one that is off, and a Reset consistent with one of them is no fault of
 *  the API. */
export const resetInWindow: Check = ({ exchange, run }): Judgement | undefined => {
  const h = headersOf(exchange);
  if (!h?.values) return undefined;
  const reset = h.values[2];
  const resetMs = reset * 1000;
  const plausible = (clock: number) => resetMs >= clock - SKEW_MS && resetMs <= clock + run.windowMs + SKEW_MS;
  const serverNow = Date.parse(h.raw.date ?? '');
  const clocks = Number.isNaN(serverNow) ? [run.now] : [run.now, serverNow];
  if (clocks.some(plausible)) return pass(`${reset}`);
  if (resetMs < run.now - SKEW_MS)
    return fail(`expected X-RateLimit-Reset in the future (Unix seconds), got ${reset}, ${Math.round((run.now - resetMs) / 1000)} s in the past`);
  return fail(`expected X-RateLimit-Reset at most one window ahead (Unix seconds), got ${reset}`);
};

function headerName(lower: string): string {
  return lower.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase()).replace('Ratelimit', 'RateLimit');
}
