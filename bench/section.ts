// What a section of the bench is: the rows it asks for and how it prints
// them. The registry is bench/sections.ts; --only picks sections by name.
import type { CliFeatures } from './cli-features.ts';
import type { Measured, Row } from './row.ts';

export interface BenchOptions {
  profiles: string[];
  latencies: number[];
  /** 'default' (no --concurrency flag: the CLI's own) or a number. */
  concurrencies: ('default' | number)[];
  /** Fleet section: panels per fleet. */
  panels: number[];
  /** Fleet section: the round trip added in front of each panel (ms). */
  fleetLatencyMs: number;
  limit: number;
  windowMs: number;
}

/** A row's runs (several with --runs; none when it did not run). */
export type RunsOf = <M extends Measured>(row: Row<M, object>) => M[];

export interface SectionPlan {
  rows: Row[];
  /** Lines printed under the table (and on stderr before the runs). */
  notes: string[];
  render(runsOf: RunsOf): string;
}

export interface Section {
  name: string;
  title: string;
  /** Why it cannot run here (against this CLI, on this machine), or undefined when it can. */
  unavailable(features: CliFeatures): string | undefined;
  plan(opts: BenchOptions, features: CliFeatures): Promise<SectionPlan>;
}
