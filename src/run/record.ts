// A panel's run as its record (src/model/record.ts): what every report is
// judged and rendered from.
import { redactedConfig } from '../config/config.ts';
import type { Config } from '../config/options.ts';
import type { CaseResult, RunRecord } from '../model/record.ts';
import type { OpenPanel } from './open.ts';
import { suiteVersion } from './version.ts';

export interface RecordFacts {
  cases: readonly CaseResult[];
  started: Date;
  /** When the panel's last exchange ended; default: now. */
  ended?: number;
  /** Stopped before every case ran. */
  incomplete: boolean;
  leftovers: string[];
}

export function recordOf({ input, target, services }: OpenPanel, config: Config, facts: RecordFacts): RunRecord {
  const { spec, tally } = services;
  const ended = Math.max(facts.ended ?? Date.now(), facts.started.getTime());
  return {
    runId: input.runId,
    seed: input.seed,
    date: facts.started.toISOString(),
    durationMs: ended - facts.started.getTime(),
    suiteVersion: suiteVersion(),
    spec: { version: spec.version, sha256: spec.sha256 },
    target: { baseUrl: target.baseUrl, embedded: target.embedded },
    product: { name: config.product ?? null, version: config.productVersion ?? null, vendor: config.vendor ?? null },
    strict: config.strict,
    lenient: config.lenient,
    profile: config.profile,
    insecureTls: config.insecure,
    config: redactedConfig(config),
    requests: { byCredential: { ...tally.requests }, dataSafety: { ...tally.dataSafety } },
    rateLimited429s: tally.rateLimited429s,
    transientRetries: tally.transientRetries,
    leftovers: facts.leftovers,
    incomplete: facts.incomplete,
    unavailable: services.unavailability.reason ?? null,
    requirements: [...services.requirements.values()],
    cases: inPlanOrder(facts.cases, services.plan.cases),
  };
}

/** Cases settle in the order they finish, which depends on timing: reports
 *  and JUnit list them in plan order, the same at any concurrency. Results
 *  the plan does not know go last. */
function inPlanOrder(cases: readonly CaseResult[], planned: readonly { id: string }[]): CaseResult[] {
  const at = new Map(planned.map((c, i) => [c.id, i]));
  return [...cases].sort((a, b) => (at.get(a.id) ?? planned.length) - (at.get(b.id) ?? planned.length));
}
