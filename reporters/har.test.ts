// HAR 1.2 export: valid against the har-schema package's JSON Schema, every
// field as a HAR viewer expects it, and no key anywhere.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { toHar, writeHarFile } from './har.ts';
import type { Exchange } from '../src/model/exchange.ts';
import { KNOWN_TOKEN, sampleRun, SECRET_FRAGMENT } from '../test/fixtures/reporters/sample-run.ts';
import { harValidator } from '../test/helpers/har.ts';

const BASE = 'https://panel.example.test:2083/api/v1';
const META = { version: '0.1.0', comment: 'run wc-20260101-7k3m, seed 424242' };

/** Every exchange of the sample run: 2xx, 4xx, a timeout, unredacted keys. */
function sampleExchanges(): Exchange[] {
  return sampleRun().cases.flatMap((c) => c.exchanges);
}

test('the archive validates against the HAR 1.2 JSON Schema (har-schema, ajv)', () => {
  const validate = harValidator();
  for (const exchanges of [sampleExchanges(), []]) {
    const har = JSON.parse(JSON.stringify(toHar(exchanges, BASE, META)));
    expect(validate(har), JSON.stringify(validate.errors)).toBe(true);
  }
  // The validator does refuse what is not HAR.
  const broken = JSON.parse(JSON.stringify(toHar(sampleExchanges(), BASE, META)));
  delete broken.log.entries[0].response.status;
  broken.log.entries[1].request.url = 'not a url';
  expect(validate(broken)).toBe(false);
  expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual(
    expect.arrayContaining(["/log/entries/0/response must have required property 'status'", '/log/entries/1/request/url must match format "uri"']),
  );
});

test('an entry: request, response, sizes, query string, timings', () => {
  const exchange: Exchange = {
    credential: 'admin',
    startedAt: '2026-01-01T00:00:01.250Z',
    durationMs: 42,
    rateLimitedRetries: 1,
    request: {
      method: 'POST',
      path: '/resellers/?page=2&q=a%20b',
      headers: { authorization: 'Bearer [redacted]', 'Content-Type': 'application/json' },
      body: '{"name":"é"}',
    },
    response: {
      status: 201,
      headers: { 'content-type': 'application/json', location: '/resellers/wcab12cd' },
      body: '{"ok":true}',
      json: { ok: true },
    },
  };
  const har = toHar([exchange], BASE, { version: '0.1.0' });
  expect(har.log).toEqual({
    version: '1.2',
    creator: { name: 'wispanel-conformance', version: '0.1.0' },
    entries: [
      {
        startedDateTime: '2026-01-01T00:00:01.250Z',
        time: 42,
        comment: 'credential admin, after 1 × 429',
        request: {
          method: 'POST',
          url: `${BASE}/resellers/?page=2&q=a%20b`,
          httpVersion: 'HTTP/1.1',
          headers: [
            { name: 'authorization', value: 'Bearer [redacted]' },
            { name: 'Content-Type', value: 'application/json' },
          ],
          queryString: [
            { name: 'page', value: '2' },
            { name: 'q', value: 'a b' },
          ],
          cookies: [],
          headersSize: -1,
          bodySize: 13,
          postData: { mimeType: 'application/json', text: '{"name":"é"}' },
        },
        response: {
          status: 201,
          statusText: 'Created',
          httpVersion: 'HTTP/1.1',
          headers: [
            { name: 'content-type', value: 'application/json' },
            { name: 'location', value: '/resellers/wcab12cd' },
          ],
          cookies: [],
          content: { size: 11, mimeType: 'application/json', text: '{"ok":true}' },
          redirectURL: '/resellers/wcab12cd',
          headersSize: -1,
          bodySize: 11,
        },
        cache: {},
        timings: { send: 0, wait: 42, receive: 0 },
      },
    ],
  });
});

test('a transport failure is an entry with status 0 and _error; a GET has no postData', () => {
  const har = toHar(sampleExchanges(), BASE, META);
  expect(har.log.comment).toBe(META.comment);
  const timeout = har.log.entries.find((e) => e.response.status === 0)!;
  expect(timeout.request).toMatchObject({ method: 'GET', url: `${BASE}/resellers/wcnone00`, bodySize: 0 });
  expect(timeout.request).not.toHaveProperty('postData');
  expect(timeout.response).toMatchObject({
    status: 0,
    statusText: '',
    headers: [],
    content: { size: 0, mimeType: '' },
    bodySize: -1,
    _error: 'timeout: no response within 10000 ms',
  });
  expect(timeout.time).toBe(10000);
});

test('no key anywhere, even from records that were not redacted; writeHarFile writes the same archive', async () => {
  const exchanges = sampleExchanges();
  expect(JSON.stringify(exchanges)).toContain(KNOWN_TOKEN);
  const har = toHar(exchanges, BASE, META);
  expect(JSON.stringify(har)).not.toContain(SECRET_FRAGMENT);
  expect(har.log.entries[0].request.headers).toContainEqual({ name: 'authorization', value: 'Bearer [redacted]' });

  const dir = mkdtempSync(path.join(tmpdir(), 'har-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'nested', 'run.har');
  await writeHarFile(file, exchanges, BASE, META);
  const text = readFileSync(file, 'utf8');
  expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(har)));
  expect(text).not.toContain(SECRET_FRAGMENT);
});
