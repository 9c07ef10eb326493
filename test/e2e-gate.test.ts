// The regression gate through the CLI: a baseline report.json, or a file of
// expected failures, turns known failures into information and fails only
// on new ones.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from './helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'wispanel-gate-'));
const run = (fault: string, ...extra: string[]) => runCli(['--reference-fault', fault, '--rate-window-ms', '2000', ...extra]);

describe('regression gate', () => {
  test('--baseline: known failures pass, a new one fails; --expect-failures likewise', async () => {
    const baselineDir = join(dir, 'baseline');
    const first = await run('create-200', '--report', baselineDir, '--product', 'Acme Panel', '--product-version', '2.4', '--vendor', 'Acme');
    expect(first.code).toBe(1);
    const baseline = JSON.parse(readFileSync(join(baselineDir, 'report.json'), 'utf8'));
    expect(baseline.product).toMatchObject({ name: 'Acme Panel', version: '2.4', vendor: 'Acme' });
    expect(baseline.requirements.find((r: { id: string }) => r.id === 'RES-CREATE-201').result).toBe('failed');

    const expected = join(dir, 'expected.txt');
    writeFileSync(expected, 'RES-CREATE-201  # answers 200, vendor ticket 1\n');
    const [same, worse, listed, unlisted] = await Promise.all([
      run('create-200', '--baseline', join(baselineDir, 'report.json')),
      run('list-201', '--baseline', join(baselineDir, 'report.json')),
      run('create-200', '--expect-failures', expected),
      run('delete-204', '--expect-failures', expected),
    ]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('still failing, as known: RES-CREATE-201');
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/regressions \(fail the run\): .*RES-LIST-200/);
    expect(worse.stdout).toContain('fixed since the baseline: RES-CREATE-201');
    expect(listed.code).toBe(0);
    expect(unlisted.code).toBe(1);
    expect(unlisted.stdout).toMatch(/regressions \(fail the run\): .*RES-DELETE-200/);
  });

  test('a bad baseline or expected-failures file: exit 2 with one line, before any request', async () => {
    const notReport = join(dir, 'not-a-report.json');
    writeFileSync(notReport, '{"hello": 1}');
    const badList = join(dir, 'bad.txt');
    writeFileSync(badList, 'RES-CREATE-201\n');
    const [a, b, c] = await Promise.all([
      runCli(['--baseline', notReport]),
      runCli(['--expect-failures', badList]),
      runCli(['--baseline', join(dir, 'missing.json')]),
    ]);
    for (const r of [a, b, c]) {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    expect(a.stderr).toMatch(/not a valid report\.json/);
    expect(b.stderr).toMatch(/line 1: RES-CREATE-201 has no reason/);
    expect(c.stderr).toMatch(/no such file/);
  });
});
