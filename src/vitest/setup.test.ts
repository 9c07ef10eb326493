// Plain vitest's global set-up in process: configured from the environment
// as the CLI is; the CLI's own outputs and modes refused with one line and
// exit 2 (process.exit, stubbed here); a panel the preflight refuses ends it
// with the CLI's code; a panel that passes is handed to the suites, and the
// teardown cleans up and closes it.
import type { TestProject } from 'vitest/node';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { startLocalServer } from '../../test/helpers/local-server.ts';
import type { RunInput } from '../run/input.ts';
import setup from './setup.ts';

class Exit extends Error {
  constructor(readonly code: number | string | null | undefined) {
    super(`process.exit(${code})`);
  }
}

let errors: string[];
let logs: string[];

/** Only what a test sets configures the run: every WISPANEL_ variable blank (as not set), the stubs before undone. */
function cleanEnv(): void {
  vi.unstubAllEnvs();
  for (const name of Object.keys(process.env)) if (name.startsWith('WISPANEL_')) vi.stubEnv(name, '');
}

beforeEach(() => {
  cleanEnv();
  errors = [];
  logs = [];
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Exit(code);
  });
  vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
  vi.spyOn(console, 'log').mockImplementation((line: string) => void logs.push(line));
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const project = () => ({ provide: vi.fn() }) as unknown as TestProject & { provide: ReturnType<typeof vi.fn> };

/** The set-up's end under `env`: the exit code it asked for and its one line. */
async function refused(env: Record<string, string>): Promise<[unknown, string[]]> {
  errors.length = 0;
  cleanEnv();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const p = project();
  const ended = await setup(p).then(
    () => 'set up',
    (err: unknown) => (err instanceof Exit ? err.code : err),
  );
  expect(p.provide).not.toHaveBeenCalled();
  return [ended, [...errors]];
}

describe('configure', () => {
  test("the CLI's outputs are refused: use vitest's reporters", async () => {
    expect(await refused({ WISPANEL_JUNIT: 'junit.xml', WISPANEL_BASELINE: 'old/report.json' })).toEqual([
      2,
      [
        "wispanel-conformance: junit (WISPANEL_JUNIT), baseline (WISPANEL_BASELINE): the wispanel-conformance CLI's outputs; under plain vitest, use vitest's reporters (e.g. --reporter=junit --outputFile=junit.xml)",
      ],
    ]);
  });

  test("fleets and shards are the CLI's", async () => {
    expect(await refused({ WISPANEL_TARGETS: 'panels.yaml' })).toEqual([
      2,
      [
        "wispanel-conformance: targets (WISPANEL_TARGETS): fleets and shards are the wispanel-conformance CLI's; under plain vitest, run one panel (vitest's own --shard splits its tests)",
      ],
    ]);
    expect((await refused({ WISPANEL_SHARD: '1/2', WISPANEL_SEED: '1' }))[1]).toEqual([
      expect.stringMatching(/^wispanel-conformance: shard \(WISPANEL_SHARD\): fleets and shards are the wispanel-conformance CLI's/),
    ]);
  });

  test('a bad value, and a selection no case stands for, as the CLI refuses them', async () => {
    expect(await refused({ WISPANEL_RATE: 'fast' })).toEqual([2, ["wispanel-conformance: WISPANEL_RATE accepts an integer from 1 to 100000, got 'fast'"]]);
    const [code, lines] = await refused({ WISPANEL_OPERATION: 'noSuchOperation' });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^wispanel-conformance: --operation: unknown operationId noSuchOperation /)]);
  });
});

describe('setup', () => {
  test("a panel the preflight refuses ends the run with the CLI's code and its line", async () => {
    const gone = await startLocalServer(() => {});
    await gone.close();
    const [code, lines] = await refused({ WISPANEL_BASE_URL: `${gone.origin}/api/v1`, WISPANEL_TOKEN: `wsp_${'ab'.repeat(24)}`, WISPANEL_TIMEOUT: '2' });
    expect(code).toBe(3);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^wispanel-conformance: target unreachable: ${gone.origin}/api/v1/auth/me: `))]);
  });

  test('a panel that passes: its run line, the run handed to the suites; the teardown closes it', async () => {
    vi.stubEnv('WISPANEL_RATE_WINDOW_MS', '1000');
    vi.stubEnv('WISPANEL_SEED', '4242');
    const p = project();
    const teardown = await setup(p);
    let closed = false;
    try {
      expect(p.provide).toHaveBeenCalledTimes(1);
      const [key, input] = p.provide.mock.calls[0] as [string, RunInput];
      expect(key).toBe('wispanel');
      expect(input).toMatchObject({ seed: 4242, windowMs: 1000, rate: 60 });
      // The preflight's answer goes with it, to start the admin budget from.
      expect(input.preflightRate).toBeDefined();
      expect(logs).toEqual([
        expect.stringMatching(
          new RegExp(`^wispanel-conformance \\S+: run ${input.runId}, seed 4242, target ${input.baseUrl} \\(embedded reference server\\)$`),
        ),
      ]);
      expect((await fetch(`${input.baseUrl}/auth/me`)).status).toBe(401);
      await teardown();
      closed = true;
      await expect(fetch(`${input.baseUrl}/auth/me`)).rejects.toThrow();
      expect(errors).toEqual([]);
    } finally {
      if (!closed) await teardown();
    }
  });
});
