// --operation and --requirement must name something a case stands for: a
// mistyped ID would otherwise disable every case and pass silently.
import { ConfigError, type Config } from '../config.ts';
import type { Plan } from '../cases/types.ts';

export function checkSelection(config: Pick<Config, 'operation' | 'requirement'>, plan: Plan, operationIds: readonly string[], catalogue: ReadonlySet<string>): void {
  const unknownOps = (config.operation ?? []).filter((id) => !operationIds.includes(id));
  if (unknownOps.length > 0) throw new ConfigError(`--operation: unknown operationId ${unknownOps.join(', ')} (valid: ${operationIds.join(', ')})`);
  const withCases = [...new Set(plan.cases.flatMap((c) => c.requirements))];
  const unknown = (config.requirement ?? []).filter((id) => !catalogue.has(id));
  const caseless = (config.requirement ?? []).filter((id) => catalogue.has(id) && !withCases.includes(id));
  const valid = `(valid: ${withCases.join(', ')})`;
  if (unknown.length > 0) throw new ConfigError(`--requirement: unknown requirement ${unknown.join(', ')} ${valid}`);
  if (caseless.length > 0) throw new ConfigError(`--requirement: no case stands for ${caseless.join(', ')}; it is judged passively, on every response of any run ${valid}`);
}
