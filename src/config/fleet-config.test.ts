// Each panel's configuration in a fleet: its entry over the file's
// defaults, under the flags and the environment, over the config file; the
// panel and its keys from the entry (or defaults:) alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseConfig } from './config.ts';
import { parseFleet } from './fleet-config.ts';
import { ConfigError } from './options.ts';

const root = mkdtempSync(join(tmpdir(), 'wispanel-fleet-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const A_KEY = `wsp_${'a1'.repeat(24)}`;
const B_KEY = `wsp_${'b2'.repeat(24)}`;
const ENV = { A_TOKEN: A_KEY, B_TOKEN: B_KEY };

const PANELS = [
  'defaults:',
  '  profile: certify',
  '  rate: 30',
  'targets:',
  '  - name: a',
  '    base-url: https://a.example.net/api/v1',
  '    token: ${A_TOKEN}',
  '    insecure: true',
  '  - name: b',
  '    base-url: https://b.example.net/api/v1',
  '    token: ${B_TOKEN}',
  '    product: Acme Panel',
  '',
].join('\n');

/** A working directory holding `files`. */
function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, 'wd-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The fleet as the CLI parses it: the run's configuration first, then each panel's. */
function fleet(argv: string[], env: NodeJS.ProcessEnv, cwd: string) {
  return parseFleet(argv, env, cwd, parseConfig(argv, env, cwd));
}

describe('parseFleet', () => {
  test("each target: its own panel, key and options over the defaults; the rest the run's defaults", () => {
    const cwd = workdir({ 'panels.yaml': PANELS });
    const [a, b] = fleet(['--targets', 'panels.yaml'], ENV, cwd);
    expect(a).toMatchObject({
      name: 'a',
      config: {
        baseUrl: 'https://a.example.net/api/v1',
        token: A_KEY,
        profile: 'certify',
        rate: 30,
        insecure: true,
        rateWindowMs: 60_000,
        targets: 'panels.yaml',
      },
    });
    expect(b).toMatchObject({
      name: 'b',
      config: { baseUrl: 'https://b.example.net/api/v1', token: B_KEY, profile: 'certify', rate: 30, insecure: false, product: 'Acme Panel' },
    });
    expect(a.config.product).toBeUndefined();
  });

  test("flags and the environment win over the file's defaults, for every panel", () => {
    const cwd = workdir({ 'panels.yaml': PANELS });
    const panels = fleet(['--targets', 'panels.yaml', '--rate', '10'], { ...ENV, WISPANEL_PROFILE: 'default', WISPANEL_TIMEOUT: '7' }, cwd);
    expect(panels.map((p) => [p.config.rate, p.config.profile, p.config.timeout])).toEqual([
      [10, 'default', 7],
      [10, 'default', 7],
    ]);
  });

  test("a panel's keys never come from the environment: each target's own, or the defaults' key", () => {
    const cwd = workdir({ 'panels.yaml': PANELS.replace('    token: ${B_TOKEN}\n', '').replace('defaults:\n', 'defaults:\n  token: ${B_TOKEN}\n') });
    const panels = fleet(
      ['--targets', 'panels.yaml'],
      { ...ENV, WISPANEL_TOKEN: `wsp_${'e0'.repeat(24)}`, WISPANEL_RESELLER_TOKEN: `wsp_${'e1'.repeat(24)}` },
      cwd,
    );
    expect(panels.map((p) => p.config.token)).toEqual([A_KEY, B_KEY]);
    expect(panels.map((p) => p.config.resellerToken)).toEqual([undefined, undefined]);
  });

  test('keys in the environment a fleet does not use are not judged either', () => {
    const cwd = workdir({ 'panels.yaml': PANELS });
    const panels = fleet([], { ...ENV, WISPANEL_TARGETS: 'panels.yaml', WISPANEL_TOKEN: 'not-a-key', WISPANEL_RESELLER_TOKEN: 'wsp_0123' }, cwd);
    expect(panels.map((p) => p.config.token)).toEqual([A_KEY, B_KEY]);
  });

  test("the config file lies under the targets file's defaults", () => {
    const cwd = workdir({ 'panels.yaml': PANELS, 'wispanel.config.yaml': 'rate: 20\ntimeout: 5\n' });
    const panels = fleet(['--targets', 'panels.yaml'], ENV, cwd);
    expect(panels.map((p) => [p.config.rate, p.config.timeout, p.config.config])).toEqual([
      [30, 5, 'wispanel.config.yaml'],
      [30, 5, 'wispanel.config.yaml'],
    ]);
  });

  test('options that do not go together in one target are refused, naming the file and the target', () => {
    const cwd = workdir({ 'panels.yaml': PANELS.replace('    insecure: true\n', '    insecure: true\n    ca-file: ca.pem\n') });
    expect(() => fleet(['--targets', 'panels.yaml'], ENV, cwd)).toThrow(
      new ConfigError('panels.yaml: target a: --ca-file and --insecure exclude each other: trust a CA, or skip verification'),
    );
    const lenient = workdir({ 'panels.yaml': PANELS.replace('  rate: 30\n', '  rate: 30\n  lenient: true\n') });
    expect(() => fleet(['--targets', 'panels.yaml', '--strict'], ENV, lenient)).toThrow(
      new ConfigError('panels.yaml: target a: --strict and --lenient exclude each other'),
    );
  });
});
