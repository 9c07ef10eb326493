// A budget wait as the vitest worker announces it to the CLI process, whose
// progress line says what the run is waiting for: one small JSON file in the
// run's scratch folder, { "admin": <until, epoch ms>, ... }, rewritten when
// a credential's wait starts or ends.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BudgetKey } from './http/budget.ts';

export interface BudgetWait {
  key: BudgetKey;
  /** When the wait ends (epoch ms). */
  until: number;
}

export const waitFile = (runDir: string) => join(runDir, 'waits.json');

/** Worker side: `until` when a request of `key` starts to wait, undefined
 *  once it is sent. Written whole and renamed, so a reader never sees half. */
export function announceWait(runDir: string, key: BudgetKey, until: number | undefined): void {
  const waits = readWaits(runDir);
  if (until === undefined) delete waits[key];
  else waits[key] = until;
  const tmp = `${waitFile(runDir)}.${process.pid}`;
  writeFileSync(tmp, JSON.stringify(waits));
  renameSync(tmp, waitFile(runDir));
}

/** CLI side: the wait that ends soonest of those not over yet. */
export function currentWait(runDir: string, now = Date.now()): BudgetWait | undefined {
  const pending = (Object.entries(readWaits(runDir)) as [BudgetKey, number][]).filter(([, until]) => until > now);
  const [soonest] = pending.sort(([, a], [, b]) => a - b);
  return soonest && { key: soonest[0], until: soonest[1] };
}

function readWaits(runDir: string): Partial<Record<BudgetKey, number>> {
  try {
    return JSON.parse(readFileSync(waitFile(runDir), 'utf8')) as Partial<Record<BudgetKey, number>>;
  } catch {
    return {}; // none announced yet
  }
}
