// Which CLI the bench runs. By default the checkout's bin, which runs the
// TypeScript sources through tsx (what a contributor runs); with
// `--cli installed`, the package as a user gets it: packed, installed into
// an empty project, its dist/ JavaScript (no compiler at start-up).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNode, type CliOptions, type CliRun, type CliResult } from '../test/helpers/cli.ts';
import { packAndInstall } from '../test/helpers/installed-package.ts';

export const CLI_KINDS = ['checkout', 'installed'] as const;
export type CliKind = (typeof CLI_KINDS)[number];

const CHECKOUT_BIN = fileURLToPath(new URL('../bin/wispanel-conformance.mjs', import.meta.url));
let script = CHECKOUT_BIN;

/** Installs the package when asked for; returns what removes it again. */
export async function chooseCli(kind: CliKind): Promise<() => void> {
  if (kind === 'checkout') return () => {};
  const work = mkdtempSync(join(tmpdir(), 'wispanel-bench-package-'));
  script = (await packAndInstall(work)).bin('wispanel-conformance');
  return () => {
    script = CHECKOUT_BIN;
    rmSync(work, { recursive: true, force: true });
  };
}

export function startCliUnderTest(args: string[], opts: CliOptions = {}): CliRun {
  return startNode(script, args, opts);
}

export function runCliUnderTest(args: string[]): Promise<CliResult> {
  return startCliUnderTest(args).done;
}
