// Joins the results of shards (--shard I/N) into one: the cases of one
// panel, each taken from the shard that ran it, or the panels of a fleet,
// each in the shard that tested it. Only results of one suite version, one
// spec and one seed are joined: anything else would mix different tests.
import { IN_SHARD } from '../cases/generate.ts';
import type { CaseResult, Credential, RunResult } from '../model.ts';
import { ConfigError } from '../options.ts';
import { parseShard } from '../config.ts';
import type { FleetPanel, FleetReport } from '../../reporters/fleet-json.ts';

export interface ShardRun {
  file: string;
  run: RunResult;
}

/** Throws ConfigError, one line, at the first file whose suite version,
 *  spec sha256 or seed differs from the first file's. */
export function checkSameTest(shards: readonly { file: string; suiteVersion: string; specSha256: string; seed: number }[]): void {
  const [first, ...rest] = shards;
  for (const s of rest) {
    for (const [what, key] of [['suite version', 'suiteVersion'], ['spec sha256', 'specSha256'], ['seed', 'seed']] as const) {
      if (s[key] !== first![key]) throw new ConfigError(`merge: ${s.file} has ${what} ${s[key]}, ${first!.file} ${first![key]}: only shards of one test (suite, spec and --seed) can be merged`);
    }
  }
}

/** One panel's shards as one run: each case from the shard that ran it
 *  (the others report it disabled, "in shard k/N"), in the first shard's
 *  order; requests and 429s summed, the wall time the longest shard's. */
export function mergeShardRuns(shards: readonly ShardRun[]): RunResult {
  checkSameTest(shards.map(({ file, run }) => ({ file, ...run.summary })));
  const byId = new Map<string, CaseResult>();
  for (const { run } of shards) {
    for (const c of run.cases) {
      const known = byId.get(c.id);
      if (!known || (inOtherShard(known) && !inOtherShard(c))) byId.set(c.id, c);
    }
  }
  const summaries = shards.map((s) => s.run.summary);
  const [first] = summaries;
  const start = Math.min(...summaries.map((s) => Date.parse(s.startedAt)));
  const end = Math.max(...summaries.map((s) => Date.parse(s.finishedAt)));
  const requests: Partial<Record<Credential, number>> = {};
  for (const s of summaries) for (const [credential, n] of Object.entries(s.requests) as [Credential, number][]) requests[credential] = (requests[credential] ?? 0) + n;
  const { shard: _shard, ...config } = first!.config;
  return {
    summary: {
      ...first!,
      runId: summaries.map((s) => s.runId).join('+'),
      startedAt: new Date(start).toISOString(),
      finishedAt: new Date(end).toISOString(),
      durationMs: Math.max(...summaries.map((s) => s.durationMs)),
      requests,
      rateLimited429s: sum(summaries.map((s) => s.rateLimited429s)),
      transientRetries: sum(summaries.map((s) => s.transientRetries ?? 0)),
      leftovers: summaries.flatMap((s) => s.leftovers ?? []),
      incomplete: summaries.some((s) => s.incomplete),
      config,
    },
    requirements: shards[0]!.run.requirements,
    cases: [...byId.values()],
  };
}

function inOtherShard(c: CaseResult): boolean {
  return c.outcome === 'disabled' && (c.reason?.startsWith(`${IN_SHARD} `) ?? false);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export interface ShardFleet {
  file: string;
  fleet: FleetReport;
  panels: FleetPanel[];
}

/** A fleet's shards as one fleet: every panel once, in the targets file's
 *  order again (shard k of N held panels k-1, k-1+N, ...). */
export function mergeShardFleets(shards: readonly ShardFleet[]): FleetPanel[] {
  checkSameTest(shards.map(({ file, fleet }) => ({ file, suiteVersion: fleet.suiteVersion, specSha256: fleet.spec.sha256, seed: fleet.seed })));
  const seen = new Map<string, string>();
  const placed: { at: number; panel: FleetPanel }[] = [];
  shards.forEach(({ file, fleet, panels }, s) => {
    const shard = fleet.shard === null ? undefined : parseShard(fleet.shard);
    panels.forEach((panel, i) => {
      const other = seen.get(panel.name);
      if (other !== undefined) throw new ConfigError(`merge: panel ${panel.name} is in ${other} and in ${file}: give each shard's fleet.json once`);
      seen.set(panel.name, file);
      placed.push({ at: shard ? i * shard.count + shard.index - 1 : s * 1e6 + i, panel });
    });
  });
  return placed.sort((a, b) => a.at - b.at).map((p) => p.panel);
}
