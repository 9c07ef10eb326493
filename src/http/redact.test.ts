// The one redaction (src/http/redact.ts): exactly the secrets go, ordinary
// text stays as it was.
import { expect, test } from 'vitest';
import { Budget } from './budget.ts';
import { ApiClient } from './client.ts';
import { Unavailability } from './unavailability.ts';
import { createRedactor, mintedSecrets } from './redact.ts';
import { redactHeaders, redactKeys } from '../model/secrets.ts';
import { createDispatcher } from './transport.ts';
import { KNOWN_TOKEN } from '../../test/fixtures/reporters/sample-run.ts';
import { startLocalServer } from '../../test/helpers/local-server.ts';

/** A secret that has no wsp_ shape: only knowing it can mask it. */
const PLAIN_SECRET = 'not-shaped-like-a-key-7Qx9';

test('a WWW-Authenticate challenge is left whole', () => {
  const redact = createRedactor([KNOWN_TOKEN, PLAIN_SECRET]);
  const challenge = 'Bearer realm="WisPanel", error="invalid_token"';
  expect(redact(challenge)).toBe(challenge);
  expect(redactHeaders({ 'www-authenticate': challenge }, redact)).toEqual({ 'www-authenticate': challenge });
  expect(redactKeys(`WWW-Authenticate: Bearer realm="WisPanel"`)).toBe('WWW-Authenticate: Bearer realm="WisPanel"');
});

test('titles and free text keep every word, Bearer and Basic included', () => {
  const redact = createRedactor([KNOWN_TOKEN]);
  for (const title of [
    '[GET]::/resellers/ - "Bearer" without a key is refused with 401',
    '[GET]::/resellers/ - Basic credentials are refused with 401',
    'rejected Bearer xyz, then Basic abc',
    '{"auth":"Bearer xyz","n":1}',
    'wsp_ alone, wsp_1234 (too short) and wsp_zzzzzzzz (not hex)',
  ]) {
    expect(redact(title)).toBe(title);
  }
});

test('known keys and wsp_-shaped keys are masked wherever they stand, whole', () => {
  const redact = createRedactor([KNOWN_TOKEN, PLAIN_SECRET]);
  expect(redact(`key ${KNOWN_TOKEN} issued`)).toBe('key [redacted] issued');
  expect(redact(`(sent with Bearer ${PLAIN_SECRET})`)).toBe('(sent with Bearer [redacted])');
  // The vendor shows key_prefix as wsp_ + 8 hex: masked too, and upper case hex.
  expect(redactKeys('{"key_prefix":"wsp_1a2B3c4D","id":3}')).toBe('{"key_prefix":"[redacted]","id":3}');
  // A word that starts like a key goes whole, not just its hex run.
  expect(redactKeys('wsp_0123abcdXYZ9 done')).toBe('[redacted] done');
  for (const text of [`Bearer ${KNOWN_TOKEN}`, `a ${PLAIN_SECRET} b`, 'Bearer [redacted]) done']) {
    expect(redact(redact(text))).toBe(redact(text));
  }
});

test('a secret minted in a JSON body is masked once added, and a longer secret goes whole', () => {
  const json = { data: { username: 'wcrun01a', secret_key: PLAIN_SECRET }, keys: [{ api_key: 'another-minted-secret' }], key_prefix: 'wsp_1a2b3c4d' };
  const text = JSON.stringify(json);
  expect(mintedSecrets(json, text)).toEqual([PLAIN_SECRET, 'another-minted-secret']);
  expect(mintedSecrets('text', '"text"')).toEqual([]);
  // A name written with escapes is the same name once parsed: still found.
  const escaped = '{"data":{"secret_\\u006bey":"minted-with-escape"}}';
  expect(mintedSecrets(JSON.parse(escaped), escaped)).toEqual(['minted-with-escape']);
  // A body that names neither field is not walked.
  expect(mintedSecrets([{ username: 'a', secret_key_like: 'x' }], '[{"username":"a"}]')).toEqual([]);
  const redact = createRedactor([]);
  redact.add(PLAIN_SECRET.slice(0, 10));
  for (const secret of mintedSecrets(json, text)) redact.add(secret);
  expect(redact(JSON.stringify(json))).toBe(
    '{"data":{"username":"wcrun01a","secret_key":"[redacted]"},"keys":[{"api_key":"[redacted]"}],"key_prefix":"[redacted]"}',
  );
  // Too short to be a key: masking it would rewrite ordinary words.
  redact.add('admin');
  expect(redact('admin')).toBe('admin');
});

test('the client learns a minted secret before it records the response that carries it', async () => {
  let served = 0;
  const server = await startLocalServer((_req, res) => {
    served++;
    res.writeHead(served === 1 ? 201 : 400, { 'content-type': 'application/json' });
    res.end(JSON.stringify(served === 1 ? { secret_key: PLAIN_SECRET, key_prefix: 'wsp_1a2b3c4d' } : { error: `rejected Bearer ${PLAIN_SECRET}` }));
  });
  const budget = new Budget({ rate: 60, windowMs: 60_000 });
  try {
    const redact = createRedactor([]);
    const client = new ApiClient({
      baseUrl: server.origin,
      tokens: { admin: 'admin-token-no-wsp-shape' },
      timeoutMs: 5000,
      unavailability: new Unavailability({ budgetMs: 30_000 }),
      dispatcher: createDispatcher({}, 5000),
      budgets: { admin: budget, reseller: budget, anonymous: budget },
      redact,
    });
    const minted = await client.call('admin', { method: 'POST', path: '/users/wcab12cd/api-keys', body: { json: { name: 'k' } } });
    expect(minted.request.headers.authorization).toBe('Bearer [redacted]');
    expect(minted.response?.body).toBe('{"secret_key":"[redacted]","key_prefix":"[redacted]"}');
    // The parsed copy stays whole: the engine reads the key from it.
    expect(minted.response?.json).toEqual({ secret_key: PLAIN_SECRET, key_prefix: 'wsp_1a2b3c4d' });
    const echoed = await client.withReseller(PLAIN_SECRET).call('reseller', { method: 'GET', path: '/auth/me' });
    expect(echoed.request.headers.authorization).toBe('Bearer [redacted]');
    expect(echoed.response?.body).toBe('{"error":"rejected Bearer [redacted]"}');
    expect(redact('admin-token-no-wsp-shape')).toBe('[redacted]');
  } finally {
    await budget.stop();
    await server.close();
  }
});
