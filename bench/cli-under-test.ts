// Which CLI the bench runs. By default the checkout's bin, which runs the
// TypeScript sources through tsx (what a contributor runs); with
// `--cli installed`, the package as a user gets it: packed, installed into
// an empty project, its dist/ JavaScript (no compiler at start-up). The
// reference servers the rows start come from the same place: installed,
// they are the package's JavaScript too, without tsx's transforms and
// source maps (in a fleet row, twenty servers share the CLI's machine).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ReferenceServer, ReferenceOptions } from '../reference/server.ts';
import { startNode, type CliOptions, type CliRun, type CliResult } from '../test/helpers/cli.ts';
import { packAndInstall } from '../test/helpers/installed-package.ts';

export const CLI_KINDS = ['checkout', 'installed'] as const;
export type CliKind = (typeof CLI_KINDS)[number];

const CHECKOUT_BIN = fileURLToPath(new URL('../bin/wispanel-conformance.mjs', import.meta.url));
const CHECKOUT_SERVER = new URL('../reference/server.ts', import.meta.url).href;
let script = CHECKOUT_BIN;
let serverModule = CHECKOUT_SERVER;

/** Installs the package when asked for; returns what removes it again. */
export async function chooseCli(kind: CliKind): Promise<() => void> {
  if (kind === 'checkout') return () => {};
  const work = mkdtempSync(join(tmpdir(), 'wispanel-bench-package-'));
  const installed = await packAndInstall(work);
  script = installed.bin('wispanel-conformance');
  serverModule = pathToFileURL(join(installed.project, 'node_modules', 'wispanel-conformance', 'dist', 'reference', 'server.js')).href;
  return () => {
    script = CHECKOUT_BIN;
    serverModule = CHECKOUT_SERVER;
    rmSync(work, { recursive: true, force: true });
  };
}

export function startCliUnderTest(args: string[], opts: CliOptions = {}): CliRun {
  return startNode(script, args, opts);
}

export function runCliUnderTest(args: string[]): Promise<CliResult> {
  return startCliUnderTest(args).done;
}

/** A reference server, from the same place as the CLI under test. */
export async function startBenchServer(opts: ReferenceOptions): Promise<ReferenceServer> {
  const { startReferenceServer } = (await import(serverModule)) as typeof import('../reference/server.ts');
  return startReferenceServer(opts);
}
