// Where a run's outputs go: checked before the first request (one line
// naming the flag, nothing left behind), written at the end and named; what
// cannot be written then is one line each, and exit 2.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { conformInProcess } from '../../test/helpers/conform.ts';
import { ConfigError } from '../config/options.ts';
import { buildFleet } from '../model/fleet.ts';
import type { CertificationReport } from '../model/report.ts';
import { EXIT } from './exit.ts';
import { announceWritten, checkFleetOutputs, checkOutputs, writeFleetOutputs, writeOutputs } from './outputs.ts';

const root = mkdtempSync(join(tmpdir(), 'wispanel-outputs-'));
let report: CertificationReport;

beforeAll(async () => {
  // A real run's report: the identity operation's cases against the embedded server.
  const result = await conformInProcess(['--rate-window-ms', '1000', '--filter', '^getCurrentUser\\.']);
  report = result.panels[0].report;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

/** A fresh folder under the test's root. */
const folder = () => mkdtempSync(join(root, 'out-'));
const refusal = (act: () => void) => {
  try {
    act();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('checkOutputs', () => {
  test('paths that can be written pass, and the check leaves nothing behind', () => {
    const dir = folder();
    writeFileSync(join(dir, 'old.xml'), "a previous run's");
    expect(() => checkOutputs({})).not.toThrow();
    expect(() => checkOutputs({ junit: join(dir, 'old.xml'), report: join(dir, 'deep', 'report'), har: join(dir, 'new', 'run.har') })).not.toThrow();
    expect(readdirSync(dir)).toEqual(['old.xml']);
  });

  test('a folder where a file goes, a file where a folder goes, or where a folder should be on the way', () => {
    const dir = folder();
    mkdirSync(join(dir, 'junit.xml'));
    writeFileSync(join(dir, 'plain'), '');
    mkdirSync(join(dir, 'report', 'report.json'), { recursive: true });
    expect(refusal(() => checkOutputs({ junit: join(dir, 'junit.xml') }))).toBe(`--junit ${join(dir, 'junit.xml')}: is a folder; give a file`);
    expect(refusal(() => checkOutputs({ report: join(dir, 'plain') }))).toBe(`--report ${join(dir, 'plain')}: is a file; give a folder`);
    expect(refusal(() => checkOutputs({ har: join(dir, 'plain', 'run.har') }))).toBe(
      `--har ${join(dir, 'plain', 'run.har')}: cannot create it: ${join(dir, 'plain')} is a file, not a folder`,
    );
    expect(refusal(() => checkOutputs({ report: join(dir, 'report') }))).toBe(`--report ${join(dir, 'report', 'report.json')}: is a folder; give a file`);
  });

  test('two outputs on one path', () => {
    const dir = folder();
    const file = join(dir, 'out.xml');
    expect(refusal(() => checkOutputs({ junit: file, har: file }))).toBe(`--har ${file}: is also where --junit ${file} writes; give each output its own path`);
    expect(refusal(() => checkOutputs({ har: join(dir, 'r', 'report.json'), report: join(dir, 'r') }))).toBe(
      `--report ${join(dir, 'r', 'report.json')}: is also where --har ${join(dir, 'r', 'report.json')} writes; give each output its own path`,
    );
  });

  test('a fleet: its index files, and a report folder per panel', () => {
    const dir = folder();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'eu-1'), "a file where eu-1's report goes");
    expect(refusal(() => checkFleetOutputs({ report: join(dir, 'out') }, ['eu-1']))).toBe(`--report ${join(dir, 'out', 'eu-1')}: is a file; give a folder`);
    mkdirSync(join(dir, 'idx', 'fleet.json'), { recursive: true });
    expect(refusal(() => checkFleetOutputs({ report: join(dir, 'idx') }, ['eu-1']))).toBe(
      `--report ${join(dir, 'idx', 'fleet.json')}: is a folder; give a file`,
    );
    expect(() => checkFleetOutputs({ junit: join(dir, 'j.xml'), report: join(dir, 'fresh') }, ['eu-1', 'eu-2'])).not.toThrow();
  });
});

describe('writeOutputs', () => {
  test('writes every output asked for and names each', async () => {
    const dir = folder();
    const junit = join(dir, 'junit.xml');
    const reportDir = join(dir, 'report');
    const har = join(dir, 'run.har');
    const exchanges = report.cases.flatMap((c) => c.exchanges).length;
    const written = await writeOutputs(report, { junit, junitOmitDisabled: true, report: reportDir, har });
    expect(written).toEqual({
      written: [`JUnit ${junit} (disabled cases left out)`, `report ${reportDir} (report.json, report.md, report.html)`, `HAR ${har} (${exchanges} exchanges)`],
      failed: [],
    });
    expect(exchanges).toBeGreaterThan(0);
    expect(readFileSync(junit, 'utf8')).toContain('<testsuite');
    expect(JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')).runId).toBe(report.runId);
    expect(existsSync(join(reportDir, 'report.md')) && existsSync(join(reportDir, 'report.html'))).toBe(true);
    expect((JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: unknown[] } }).log.entries).toHaveLength(exchanges);
    expect(await writeOutputs(report, {})).toEqual({ written: [], failed: [] });
  });

  test('what cannot be written is one line each; the others are written all the same', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'plain'), '');
    const har = join(dir, 'run.har');
    const written = await writeOutputs(report, { report: join(dir, 'plain', 'report'), har });
    expect(written.written).toEqual([expect.stringMatching(/^HAR /)]);
    expect(written.failed).toEqual([`--report ${join(dir, 'plain', 'report')}: could not be written (ENOTDIR)`]);
    expect(existsSync(har)).toBe(true);
  });

  test("a fleet: its JUnit file, its index and each panel's report", async () => {
    const dir = folder();
    const panels = [{ name: 'eu-1', report, code: 0 }];
    const fleet = buildFleet(panels, { startedAt: new Date(report.date), durationMs: 10 });
    const written = await writeFleetOutputs(fleet, panels, { junit: join(dir, 'junit.xml'), report: join(dir, 'out') });
    expect(written.failed).toEqual([]);
    expect(written.written).toEqual([
      `JUnit ${join(dir, 'junit.xml')} (1 panels)`,
      `report ${join(dir, 'out')} (fleet.json, index.md, index.html; each panel's report.json, report.md, report.html in ${join(dir, 'out', '<name>')})`,
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'fleet.json'), 'utf8')).panels.map((p: { name: string }) => p.name)).toEqual(['eu-1']);
    expect(existsSync(join(dir, 'out', 'eu-1', 'report.json'))).toBe(true);
  });
});

describe('announceWritten', () => {
  test("names what was written, then what was not; a missing output makes the run's code 2, an interrupt stays 130", () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const written = { written: ['JUnit junit.xml'], failed: ['--har run.har: could not be written (ENOSPC)'] };
    expect(announceWritten(written, EXIT.ok)).toBe(EXIT.usage);
    expect(log.mock.calls).toEqual([['written: JUnit junit.xml']]);
    expect(error.mock.calls).toEqual([['wispanel-conformance: --har run.har: could not be written (ENOSPC)']]);
    expect(announceWritten(written, EXIT.failures)).toBe(EXIT.usage);
    expect(announceWritten(written, EXIT.interrupted)).toBe(EXIT.interrupted);
    expect(announceWritten({ written: ['JUnit junit.xml'], failed: [] }, EXIT.failures)).toBe(EXIT.failures);
    expect(announceWritten({ written: [], failed: [] }, EXIT.ok)).toBe(EXIT.ok);
  });
});
