// Joins the results of shards (--shard I/N) into one: the cases of one
// panel, each taken from the shard that ran it, or the panels of a fleet,
// each in the shard that tested it. Only results of one suite version, one
// spec and one seed are joined: anything else would mix different tests;
// and only every shard of the run, each once: a missing shard's cases would
// pass as disabled, a shard given twice would count its requests twice.
import { resolve } from 'node:path';
import { IN_SHARD } from '../cases/generate.ts';
import { wasStopped } from '../model/build-report.ts';
import type { Credential } from '../model/exchange.ts';
import type { CaseResult, RunRecord } from '../model/record.ts';
import type { CertificationReport } from '../model/report.ts';
import { ConfigError } from '../config/options.ts';
import { parseShard } from '../config/config.ts';
import type { FleetPanel, FleetReport } from '../model/fleet.ts';

export interface ShardRun {
  file: string;
  report: CertificationReport;
}

/** Throws ConfigError, one line, at the first file whose suite version,
 *  spec sha256 or seed differs from the first file's. */
export function checkSameTest(shards: readonly { file: string; suiteVersion: string; specSha256: string; seed: number }[]): void {
  const [first, ...rest] = shards;
  for (const s of rest) {
    for (const [what, key] of [
      ['suite version', 'suiteVersion'],
      ['spec sha256', 'specSha256'],
      ['seed', 'seed'],
    ] as const) {
      if (s[key] !== first[key])
        throw new ConfigError(
          `merge: ${s.file} has ${what} ${s[key]}, ${first.file} ${first[key]}: only shards of one test (suite, spec and --seed) can be merged`,
        );
    }
  }
}

interface ShardOf {
  file: string;
  /** Its --shard, I/N; undefined when the run was not sharded. */
  shard: string | undefined;
}

const WHOLE = 'merge shards 1/N to N/N of one run, each once, or one unsharded result alone';

/** Throws ConfigError, one line naming the files, unless they are shards
 *  1/N to N/N of one N, each once, or one unsharded result (rendered again). */
function checkWholeRun(shards: readonly ShardOf[]): void {
  const paths = new Set<string>();
  for (const { file } of shards) {
    if (paths.has(resolve(file))) throw new ConfigError(`merge: ${file} is given twice: ${WHOLE}`);
    paths.add(resolve(file));
  }
  const unsharded = shards.find((s) => s.shard === undefined);
  if (unsharded) {
    const other = shards.find((s) => s !== unsharded);
    if (other) throw clash(unsharded, other);
    return;
  }
  const [first] = shards;
  const { count } = shardNumbers(first);
  const byIndex = new Map<number, ShardOf>();
  for (const s of shards) {
    const shard = shardNumbers(s);
    const taken = byIndex.get(shard.index);
    if (shard.count !== count) throw clash(first, s);
    if (taken) throw clash(taken, s);
    byIndex.set(shard.index, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const given = shards.map((s) => `${s.file} ${s.shard}`).join(', ');
    throw new ConfigError(`merge: no file is shard ${missing.map((i) => `${i}/${count}`).join(', ')} (given: ${given}): ${WHOLE}`);
  }
}

function clash(a: ShardOf, b: ShardOf): ConfigError {
  const what = (s: ShardOf) => (s.shard === undefined ? 'unsharded' : `shard ${s.shard}`);
  return new ConfigError(`merge: ${a.file} is ${what(a)}, ${b.file} ${what(b)}: ${WHOLE}`);
}

function shardNumbers(s: ShardOf): { index: number; count: number } {
  const shard = parseShard(s.shard ?? '');
  if (!shard) throw new ConfigError(`merge: ${s.file} has shard ${s.shard}, not I/N (1 <= I <= N <= 64)`);
  return shard;
}

/** One panel's shards as one run: each case from the shard that ran it
 *  (the others report it disabled, "in shard k/N"), in the first shard's
 *  order; requests and 429s summed, the wall time the longest shard's. */
export function mergeShardRuns(shards: readonly ShardRun[]): RunRecord {
  const reports = shards.map((s) => s.report);
  checkSameTest(shards.map(({ file, report }) => ({ file, suiteVersion: report.suiteVersion, specSha256: report.spec.sha256, seed: report.seed })));
  checkWholeRun(shards.map(({ file, report }) => ({ file, shard: report.config.shard as string | undefined })));
  const byId = new Map<string, CaseResult>();
  for (const report of reports) {
    for (const c of report.cases) {
      const known = byId.get(c.id);
      if (!known || (inOtherShard(known) && !inOtherShard(c))) byId.set(c.id, c);
    }
  }
  const [first] = reports;
  const start = Math.min(...reports.map((r) => Date.parse(r.date)));
  const perCredential = (of: (r: RunRecord) => Partial<Record<Credential, number>> | undefined) => {
    const sums: Partial<Record<Credential, number>> = {};
    for (const r of reports)
      for (const [credential, n] of Object.entries(of(r) ?? {}) as [Credential, number][]) sums[credential] = (sums[credential] ?? 0) + n;
    return sums;
  };
  const { shard: _shard, ...config } = first.config;
  return {
    ...first,
    runId: reports.map((r) => r.runId).join('+'),
    date: new Date(start).toISOString(),
    durationMs: Math.max(...reports.map((r) => r.durationMs)),
    requests: { byCredential: perCredential((r) => r.requests.byCredential), dataSafety: perCredential((r) => r.requests.dataSafety) },
    rateLimited429s: sum(reports.map((r) => r.rateLimited429s)),
    transientRetries: sum(reports.map((r) => r.transientRetries)),
    leftovers: reports.flatMap((r) => r.leftovers),
    incomplete: reports.some(wasStopped),
    unavailable: reports.find((r) => r.unavailable)?.unavailable ?? null,
    config,
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
  checkWholeRun(shards.map(({ file, fleet }) => ({ file, shard: fleet.shard ?? undefined })));
  const seen = new Map<string, string>();
  const placed: { at: number; panel: FleetPanel }[] = [];
  for (const { file, fleet, panels } of shards) {
    const shard = fleet.shard === null ? undefined : parseShard(fleet.shard);
    panels.forEach((panel, i) => {
      const other = seen.get(panel.name);
      if (other !== undefined) throw new ConfigError(`merge: panel ${panel.name} is in ${other} and in ${file}: give each shard's fleet.json once`);
      seen.set(panel.name, file);
      placed.push({ at: shard ? i * shard.count + shard.index - 1 : i, panel });
    });
  }
  return placed.sort((a, b) => a.at - b.at).map((p) => p.panel);
}
