// Runs the real CLI (bin/wispanel-conformance.mjs) as a child process and
// captures what a user would see.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/wispanel-conformance.mjs', import.meta.url));

export interface CliResult {
  /** null when the process was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): { stdout: string; stderr: string };
  /** True once the process has ended. */
  exited: () => boolean;
  done: Promise<CliResult>;
  /** Kills it (its group too, when it has one) if it still runs: for
   *  onTestFinished, so a failed test leaves no run behind. */
  stop(): void;
}

export interface CliOptions {
  /** Added to a copy of process.env stripped of WISPANEL_*. */
  env?: Record<string, string>;
  /** Its own process group, so a test can signal the group as a terminal's
   *  Ctrl-C does (process.kill(-pid)). */
  processGroup?: boolean;
  /** Working directory (default: this process's), e.g. one holding a
   *  wispanel.config.yaml. */
  cwd?: string;
  /** Run as this user (uid and gid): tests run as root, which no file
   *  permission stops. */
  user?: { uid: number; gid: number };
}

export function startCli(args: string[], opts: CliOptions = {}): CliRun {
  return startNode(BIN, args, opts);
}

/** Any Node script (vitest's own binary, say), run as startCli runs the CLI. */
export function startNode(script: string, args: string[], opts: CliOptions = {}): CliRun {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WISPANEL_')));
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...base, ...opts.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.processGroup,
    cwd: opts.cwd,
    ...opts.user,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = () => {
    if (!exited()) process.kill(opts.processGroup ? -child.pid! : child.pid!, 'SIGKILL');
  };
  return { child, output: () => ({ stdout, stderr }), exited, done, stop };
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return startCli(args, opts).done;
}

/**
 * Resolves once `condition` holds while `run` goes on, polling. Rejects, with
 * what the run printed, when the run ends first or after `timeoutMs`. The
 * timeout only bounds a hang: on a loaded machine a run takes its time (a CI
 * runner was seen needing 30 s to start the worker), so it is generous.
 */
export async function waitForRun(run: CliRun, condition: () => boolean, what: string, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  const printed = () => {
    const { stdout, stderr } = run.output();
    return `${stdout}${stderr}`.slice(-2000);
  };
  while (!condition()) {
    if (run.exited()) throw new Error(`the run ended before ${what}:\n${printed()}`);
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}:\n${printed()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The run ID the CLI prints in its first line ("run abc123, seed ..."). */
export function runIdOf(stdout: string): string {
  const id = /: run ([a-z][a-z0-9]{5}), seed /.exec(stdout)?.[1];
  if (!id) throw new Error(`no run ID in: ${stdout.slice(0, 200)}`);
  return id;
}

/** Removes the scratch folder a run left in the temp dir when it could not
 *  (killed, or a second signal). */
export function removeScratchOf(runId: string): void {
  for (const name of readdirSync(tmpdir())) if (name.startsWith(`wispanel-${runId}-`)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
}

/** Asserts a usage error (exit 2, nothing on stdout, one line on stderr)
 *  and returns that line. */
export function usageErrorLine(r: CliResult): string {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  return lines[0];
}
