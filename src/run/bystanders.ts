// What the lifecycle's writes must not reach, as the run knows it: its own
// records besides the one written (the bystander, and the reseller key's
// owner when the run minted the key) that it has not meant to delete, and
// the values only this run wrote.
import { readsBackFieldByField } from '../cases/kinds/positive.ts';
import type { RunContext } from './context.ts';

/** The run's own records that must come through the writes to `target`
 *  unchanged and still listed. */
export function bystanderNames(run: RunContext, target: string): string[] {
  const owner = run.roles.mintedSecret !== undefined ? run.roles.ownUsername : undefined;
  return [run.bystander.username, owner].filter((name): name is string => name !== undefined && name !== target && !run.ledger.deleteMeant(name));
}

/** The fields of a record that only this run wrote, with their values: what
 *  each write read back field by field on the record wrote (the limits). */
export function distinctiveFields(run: RunContext): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const op of run.spec.operations) {
    const written = run.lifecycle.written[op.operationId];
    if (written !== undefined && readsBackFieldByField(run.spec, op)) Object.assign(fields, written);
  }
  return fields;
}
