// What the CLI under test offers, asked of the CLI itself: its --help once
// (which flags exist, so the bench works before and after a flag lands) and
// --list per profile (the planned requests per key, sent nowhere).
import { runCliUnderTest as runCli } from './cli-under-test.ts';

export interface CliFeatures {
  /** Every long flag --help lists, e.g. "--concurrency". */
  flags: ReadonlySet<string>;
  /** The "(default N)" --help gives for --concurrency, when it lists one. */
  concurrencyDefault?: number;
}

export async function detectFeatures(): Promise<CliFeatures> {
  const help = await runCli(['--help']);
  if (help.code !== 0) throw new Error(`wispanel-conformance --help exited ${help.code}: ${help.stderr}`);
  // Option lines start with the flag: "  --concurrency N   ...".
  const flags = new Set([...help.stdout.matchAll(/^\s+(--[a-z][a-z0-9-]*)/gm)].map((m) => m[1]));
  const concurrencyDefault = /^\s+--concurrency\b.*\(default (\d+)\)/m.exec(help.stdout)?.[1];
  return { flags, concurrencyDefault: concurrencyDefault === undefined ? undefined : Number(concurrencyDefault) };
}

export interface PlannedRequests {
  admin: number;
  reseller: number;
  anonymous: number;
}

const planned = new Map<string, Promise<PlannedRequests>>();

/** The plan's requests per key (--list: "requests per key: admin 57, reseller 23, no key 46"),
 *  asked once per set of arguments. */
export function plannedRequests(args: string[]): Promise<PlannedRequests> {
  const key = args.join(' ');
  if (!planned.has(key)) planned.set(key, listRequests(args));
  return planned.get(key)!;
}

async function listRequests(args: string[]): Promise<PlannedRequests> {
  const list = await runCli(['--list', ...args]);
  const m = /requests per key: admin (\d+), reseller (\d+), no key (\d+)/.exec(list.stdout);
  if (list.code !== 0 || !m)
    throw new Error(`wispanel-conformance --list ${args.join(' ')} gave no requests per key (exit ${list.code}): ${list.stderr.slice(0, 300)}`);
  return { admin: Number(m[1]), reseller: Number(m[2]), anonymous: Number(m[3]) };
}
