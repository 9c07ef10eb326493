import { buildReport } from '../src/model/build-report.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { renderFleetJUnit, renderJUnit } from './junit.ts';
import { writeJUnitFile } from './write-reports.ts';
import { sampleRun, SECRET_FRAGMENT, strictSampleRun } from '../test/fixtures/reporters/sample-run.ts';
import { samplePanels } from '../test/fixtures/reporters/sample-fleet.ts';
import { antJUnitErrors, xpath } from '../test/helpers/xml.ts';

test('JUnit validates against the strict Ant schema, plain and strict', () => {
  for (const run of [sampleRun(), strictSampleRun(), { ...sampleRun(), cases: [] }]) {
    expect(antJUnitErrors(renderJUnit(buildReport(run)))).toEqual([]);
  }
});

test('the schema check rejects JUnit that breaks the schema, and XML that is not well-formed', () => {
  const xml = renderJUnit(buildReport(sampleRun()));
  const broken = xml.replace(/ hostname="[^"]*"/, '').replace('<testcase ', '<testcase flaky="yes" ');
  const errors = antJUnitErrors(broken);
  expect(errors).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^line \d+: Element 'testsuite': The attribute 'hostname' is required but missing\.$/),
      expect.stringMatching(/^line \d+: Element 'testcase', attribute 'flaky': The attribute 'flaky' is not allowed\.$/),
    ]),
  );
  expect(antJUnitErrors(xml.replace('</testsuites>', ''))).not.toEqual([]);
});

test('one testsuite per operation group, one testcase per case, counts per outcome', () => {
  const xml = renderJUnit(buildReport(sampleRun()));
  expect(xpath(xml, 'count(/testsuites/testsuite)')).toBe('5');
  expect(xpath(xml, 'count(//testcase)')).toBe('8');
  expect(xpath(xml, 'sum(//testsuite/@tests)')).toBe('8');
  expect(xpath(xml, 'count(//testcase/failure)')).toBe('1');
  expect(xpath(xml, 'sum(//testsuite/@failures)')).toBe('1');
  expect(xpath(xml, 'count(//testcase/error)')).toBe('1');
  expect(xpath(xml, 'sum(//testsuite/@errors)')).toBe('1');
  expect(xpath(xml, 'count(//testcase/skipped)')).toBe('3');
  expect(xpath(xml, 'sum(//testsuite/@skipped)')).toBe('3');
  expect(xpath(xml, 'string(//testsuite[@name="resellers.create"]/@timestamp)')).toBe('2026-01-01T00:00:00');
  expect(xpath(xml, 'string(//testcase[failure]/@classname)')).toBe('resellers.create');
  expect(xpath(xml, 'string(//testcase[failure]/@name)')).toBe('resellers.create/positive: [POST]::/resellers/ - admin creates a reseller');
});

test('failure: message is the first failing requirement, type its ID, body all failures and the exchange', () => {
  const xml = renderJUnit(buildReport(sampleRun()));
  expect(xpath(xml, 'string(//failure/@message)')).toBe('RES-CREATE-201: expected status 201, got 200');
  expect(xpath(xml, 'string(//failure/@type)')).toBe('RES-CREATE-201');
  const body = xpath(xml, 'string(//failure)');
  expect(body).toContain('FAIL RL-RESET (documented): expected X-RateLimit-Reset in the future, got 0');
  expect(body).toContain('POST /resellers/');
  expect(body).toContain('< 200');
  expect(body).toContain('> authorization: Bearer [redacted]');
  expect(body).toContain(
    `< {"success":true,"message":"Reseller created successfully","username":"wcrun01a","api_key":"[redacted]"}\nreproduce: curl -sS -k -X POST 'https://panel.example.test:2083/api/v1/resellers/' -H "authorization: Bearer $WISPANEL_TOKEN"`,
  );
  expect(body.match(/reproduce: curl /g)).toHaveLength(1);
  // The create's reproduction: what it creates, and the DELETE that removes it.
  expect(body).toContain(
    `--data-raw '{"username":"wcrun01a","email":"wcrun01a@example.test","password":"Pw-1234567890"}'\ncreates reseller wcrun01a once the panel accepts it; remove it with: curl -sS -k -X DELETE 'https://panel.example.test:2083/api/v1/resellers/wcrun01a'`,
  );
  expect(xpath(xml, 'string(//error)')).toContain(`reproduce: curl -sS -k -X GET 'https://panel.example.test:2083/api/v1/resellers/wcnone00'`);
  expect(xpath(xml, 'string(//testsuite[@name="resellers.list"]/system-out)')).not.toContain('reproduce:');
});

test('error, skipped and disabled cases say why', () => {
  const xml = renderJUnit(buildReport(sampleRun()));
  expect(xpath(xml, 'string(//error/@type)')).toBe('SuiteError');
  expect(xpath(xml, 'string(//error/@message)')).toMatch(/^suite timeout: no response within 10000 ms/);
  expect(xpath(xml, 'string(//testcase[@classname="resellers.delete"]/skipped/@message)')).toBe('disabled: --read-only: the suite sends GET requests only');
  expect(xpath(xml, 'string(//testcase[@classname="resellers.usage"]/skipped/@message)')).toBe(
    'skipped: the server refused to mint a reseller key (403 FORBIDDEN)',
  );
});

test('warnings are suite properties and WARN lines, not failures; under --strict they are failures', () => {
  const plain = renderJUnit(buildReport(sampleRun()));
  expect(xpath(plain, 'string(//testsuite[@name="resellers.create"]/properties/property[@name="warning.1"]/@value)')).toBe(
    'HTTP-JSON-CONTENT-TYPE resellers.create/validation-missing-email: expected Content-Type application/json, got text/plain',
  );
  expect(xpath(plain, 'string(//testsuite[@name="resellers.create"]/system-out)')).toContain('WARN HTTP-JSON-CONTENT-TYPE (inferred)');

  const strict = renderJUnit(buildReport(strictSampleRun()));
  expect(xpath(strict, 'count(//property[starts-with(@name, "warning.")])')).toBe('0');
  expect(xpath(strict, 'count(//testcase/failure)')).toBe('2');
  expect(xpath(strict, 'string(//testcase[contains(@name, "missing email")]/failure/@type)')).toBe('HTTP-JSON-CONTENT-TYPE');
  expect(xpath(strict, 'string(//testsuite[1]/properties/property[@name="strict"]/@value)')).toBe('true');
});

test('the first suite carries the run properties, once, config redacted; the others only their warnings', () => {
  const xml = renderJUnit(buildReport(sampleRun()));
  const property = (name: string) => xpath(xml, `string(//testsuite[1]/properties/property[@name="${name}"]/@value)`);
  expect(xpath(xml, 'count(//property[@name="run.id"])')).toBe('1');
  expect(xpath(xml, 'count(//testsuite[position() > 1]/properties/property[not(starts-with(@name, "warning."))])')).toBe('0');
  expect(xpath(xml, 'count(//testsuite[@name="resellers.create"]/properties/property)')).toBe('1');
  expect(property('run.id')).toBe('wc-20260101-7k3m');
  expect(property('seed')).toBe('424242');
  expect(property('spec.sha256')).toMatch(/^[0-9a-f]{64}$/);
  expect(property('requests.sent')).toBe('7');
  expect(property('requests.admin')).toBe('5');
  expect(property('rateLimited.429s')).toBe('1');
  expect(property('insecureTls')).toBe('true');
  expect(property('product.vendor')).toBe('Wis Hosting <Ltd> & Co');
  expect(JSON.parse(property('config'))).toMatchObject({ token: '[redacted]', note: 'Bearer [redacted]' });
});

test('system-out holds every case under its id; bodies are escaped and stripped of illegal characters', () => {
  const xml = renderJUnit(buildReport(sampleRun()));
  const out = xpath(xml, 'string(//testsuite[@name="resellers.list"]/system-out)');
  expect(out).toContain('=== resellers.list/positive [passed]');
  expect(out).toContain('=== resellers.list/auth-missing [passed]');
  expect(out).toContain('<script>alert(1)</script> & ]]> \uFFFD\uFFFD done');
  expect(out).toContain('www-authenticate: Bearer realm="wispanel"');
  // eslint-disable-next-line no-control-regex -- the control characters XML 1.0 forbids
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  expect(xml).not.toContain('<script>');
});

test('--junit-omit-disabled leaves disabled cases out, and a suite of them only; the file stays valid', () => {
  const run = sampleRun();
  const all = renderJUnit(buildReport(run));
  const omitted = renderJUnit(buildReport(run), { omitDisabled: true });
  expect(antJUnitErrors(omitted)).toEqual([]);
  expect(xpath(all, 'count(//testcase)')).toBe('8');
  expect(xpath(omitted, 'count(//testcase)')).toBe('7');
  expect(xpath(omitted, 'count(//skipped[starts-with(@message, "disabled:")])')).toBe('0');
  expect(xpath(omitted, 'count(//testsuite[@name="resellers.delete"])')).toBe('0');
  expect(xpath(omitted, 'count(//testsuite)')).toBe('4');
  expect(xpath(omitted, 'string(//testsuite[1]/properties/property[@name="run.id"]/@value)')).toBe('wc-20260101-7k3m');
  expect(xpath(omitted, 'string(//testsuite[4]/@id)')).toBe('3');
});

test('the known token appears nowhere in the JUnit file', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'junit-')), 'nested', 'junit.xml');
  await writeJUnitFile(file, buildReport(sampleRun()));
  expect(readFileSync(file, 'utf8')).not.toContain(SECRET_FRAGMENT);
  expect(renderJUnit(buildReport(strictSampleRun()))).not.toContain(SECRET_FRAGMENT);
});

test('a fleet in one file: a testsuite per panel and group, named and classed by both, each panel with its run properties once', () => {
  const panels = samplePanels();
  const xml = renderFleetJUnit(panels);
  expect(antJUnitErrors(xml)).toEqual([]);
  expect(xpath(xml, 'count(/testsuites/testsuite)')).toBe('15');
  expect(xpath(xml, 'count(//testcase)')).toBe('24');
  expect(xpath(xml, 'string(//testsuite[1]/@name)')).toBe('eu-1.resellers.list');
  expect(xpath(xml, 'string(//testsuite[6]/@name)')).toBe('eu-2.resellers.list');
  expect(xpath(xml, 'string(//testsuite[15]/@id)')).toBe('14');
  expect(xpath(xml, 'string(//testcase[failure]/@classname)')).toBe('eu-1.resellers.create');
  expect(xpath(xml, 'count(//testcase/failure)')).toBe('1');
  expect(xpath(xml, 'count(//testsuite[starts-with(@name, "us-1.")]//testcase/skipped)')).toBe('8');
  expect(xpath(xml, 'count(//property[@name="run.id"])')).toBe('3');
  expect(xpath(xml, 'string(//testsuite[@name="eu-2.resellers.list"]/properties/property[@name="run.id"]/@value)')).toBe('run-eu-2');
  expect(xpath(xml, 'count(//testsuite[@name="eu-2.resellers.create"]/properties/property[@name="run.id"])')).toBe('0');
  expect(xml).not.toContain(SECRET_FRAGMENT);
  // --junit-omit-disabled applies to every panel (us-1 has none: its cases are all skipped).
  expect(xpath(renderFleetJUnit(panels, { omitDisabled: true }), 'count(//testcase)')).toBe('22');
});
