// Which exchanges showed a case's failure, each with its curl command. The
// exchange a failing finding points at showed it; a finding that points at
// none (a check over a sequence), a failure without a finding, and a suite
// error are shown by the case's last exchange. Only failed and errored cases
// have any.

import { curlFor } from './curl.ts';
import type { Exchange } from './exchange.ts';
import { failuresOf, type FailurePolicy } from './finding.ts';
import type { CaseResult } from './record.ts';

type Reproducible = Pick<CaseResult, 'outcome' | 'findings'> & { exchanges: Pick<Exchange, 'credential' | 'request'>[] };

/** Exchange index -> curl command, in exchange order. */
export function reproductions(c: Reproducible, policy: FailurePolicy, target: { baseUrl: string; insecureTls: boolean }): Map<number, string> {
  const last = c.exchanges.length - 1;
  if (last < 0 || (c.outcome !== 'failed' && c.outcome !== 'error')) return new Map();
  const shown = failuresOf(c, policy).map((f) => f.exchange ?? last);
  if (c.outcome === 'error' || shown.length === 0) shown.push(last);
  return new Map(
    [...new Set(shown)]
      .filter((index) => index >= 0 && index <= last)
      .sort((a, b) => a - b)
      .map((index) => [index, curlFor(c.exchanges[index], target.baseUrl, { insecure: target.insecureTls })]),
  );
}
