import { existsSync, readFileSync } from 'node:fs';
import type { Credential, Exchange } from '../model.ts';

/** Requests per credential and 429s received, from the run's HTTP log
 *  (every exchange of the workers, set-up and clean-up included), plus the
 *  requests the main process sent itself (the preflights, the clean-up). */
export function summarizeHttpLog(file: string, own: Partial<Record<Credential, number>>): { requests: Partial<Record<Credential, number>>; rateLimited: number; transient: number } {
  const requests = { ...own };
  let rateLimited = 0;
  let transient = 0;
  if (!existsSync(file)) return { requests, rateLimited, transient };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const ex = JSON.parse(line) as Exchange;
    requests[ex.credential] = (requests[ex.credential] ?? 0) + 1 + ex.rateLimitedRetries + (ex.transientRetries ?? 0);
    rateLimited += ex.rateLimitedRetries + (ex.response?.status === 429 ? 1 : 0);
    transient += ex.transientRetries ?? 0;
  }
  return { requests, rateLimited, transient };
}
