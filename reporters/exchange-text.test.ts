import { expect, test } from 'vitest';
import type { ReportExchange } from '../src/model/report.ts';
import { renderExchangeText } from './exchange-text.ts';

const base: ReportExchange = {
  credential: 'admin',
  startedAt: '2026-01-01T00:00:01.250Z',
  durationMs: 42,
  rateLimitedRetries: 0,
  request: {
    method: 'POST',
    path: '/resellers/',
    headers: { authorization: 'Bearer [redacted]', 'content-type': 'application/json' },
    body: '{"username":"wcrun01a"}',
  },
  response: { status: 201, headers: { 'content-type': 'application/json' }, body: '{"success":true,\r\n"username":"wcrun01a"}' },
};

test('curl -v style: the request line with its facts, > for what was sent, < for what came back', () => {
  expect(renderExchangeText(base)).toBe(
    [
      'POST /resellers/  (credential admin, 42 ms, at 2026-01-01T00:00:01.250Z)',
      '> authorization: Bearer [redacted]',
      '> content-type: application/json',
      '>',
      '> {"username":"wcrun01a"}',
      '< 201',
      '< content-type: application/json',
      '<',
      '< {"success":true,',
      '< "username":"wcrun01a"}',
    ].join('\n'),
  );
});

test('429s waited out are counted; empty bodies leave no blank marker', () => {
  const text = renderExchangeText({
    ...base,
    credential: 'none',
    durationMs: 61_500,
    rateLimitedRetries: 2,
    request: { method: 'GET', path: '/resellers/', headers: {}, body: '' },
    response: { status: 401, headers: {}, body: '' },
  });
  expect(text).toBe('GET /resellers/  (credential none, 1 min 02 s, after 2 × 429, at 2026-01-01T00:00:01.250Z)\n< 401');
});

test('a transport failure is a line of its own after what was sent', () => {
  const { response: _response, ...sent } = base;
  const text = renderExchangeText({ ...sent, transportError: { kind: 'timeout', message: 'no response within 10000 ms' } });
  expect(text.split('\n')).toEqual([
    'POST /resellers/  (credential admin, 42 ms, at 2026-01-01T00:00:01.250Z)',
    '> authorization: Bearer [redacted]',
    '> content-type: application/json',
    '>',
    '> {"username":"wcrun01a"}',
    '! timeout: no response within 10000 ms',
  ]);
});

test('a long body is cut to its first 2048 characters, saying how much was left out', () => {
  const text = renderExchangeText({ ...base, response: { status: 200, headers: {}, body: 'y'.repeat(3000) } });
  expect(text.split('\n').at(-1)).toBe(`< ${'y'.repeat(2048)}… (952 more characters)`);
});
