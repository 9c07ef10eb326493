// Clean-up deletes only what is the run's own: before each delete it reads
// the record and confirms it by its prefixed name and the e-mail the run
// gave. Records that only look like the run's are refused, not deleted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';
import { Budget } from '../src/http/budget.ts';
import { ApiClient } from '../src/http/client.ts';
import { Unavailability } from '../src/http/unavailability.ts';
import { createRedactor } from '../src/http/redact.ts';
import { createDispatcher } from '../src/http/transport.ts';
import { cleanupByPrefix, cleanupLedger } from '../src/run/cleanup.ts';
import { Ledger } from '../src/run/ledger.ts';
import { loadSpec } from '../src/spec/load.ts';

const PREFIX = 'wcrun001';
const spec = loadSpec();
let server: ReferenceServer;
let client: ApiClient;
let dir: string;

beforeAll(async () => {
  server = await startReferenceServer({
    windowMs: 1000,
    seed: {
      resellers: [
        { username: `${PREFIX}mine01`, email: `${PREFIX}mine01@example.com` },
        // Named with the prefix, but someone else's: the e-mail says so.
        { username: `${PREFIX}human1`, email: 'jane@customer.example' },
        { username: `${PREFIX}left01`, email: `${PREFIX}left01@example.net` },
        { username: 'wcrun002other', email: 'wcrun002other@example.com' },
        { username: 'acme', email: 'ops@acme.example.com' },
      ],
    },
  });
  const budget = () => new Budget({ rate: 60, windowMs: 1000 });
  client = new ApiClient({
    baseUrl: server.baseUrl,
    tokens: { admin: server.adminToken },
    timeoutMs: 5000,
    unavailability: new Unavailability({ budgetMs: 30_000 }),
    dispatcher: createDispatcher({}, 5000),
    budgets: { admin: budget(), reseller: budget(), anonymous: budget() },
    redact: createRedactor([server.adminToken]),
  });
  dir = mkdtempSync(join(tmpdir(), 'wispanel-cleanup-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const usernames = () => (server.snapshot() as { resellers: Array<{ username: string }> }).resellers.map((r) => r.username);

test('the ledger clean-up deletes its own records and refuses look-alikes', async () => {
  const ledger = new Ledger(join(dir, 'ledger.jsonl'));
  ledger.intend({ username: `${PREFIX}mine01`, email: `${PREFIX}mine01@example.com` });
  ledger.created({ username: `${PREFIX}mine01`, email: `${PREFIX}mine01@example.com` });
  ledger.intend({ username: `${PREFIX}human1`, email: `${PREFIX}human1@example.com` });
  ledger.intend({ username: 'acme', email: 'acme@example.net' });
  ledger.intend({ username: `${PREFIX}gone01`, email: `${PREFIX}gone01@example.com` });

  const report = await cleanupLedger(client, spec, ledger, PREFIX);
  expect(report).toEqual({ deleted: [`${PREFIX}mine01`], alreadyGone: [`${PREFIX}gone01`], refused: ['acme', `${PREFIX}human1`], failed: [] });
  expect(usernames()).toEqual(expect.arrayContaining([`${PREFIX}human1`, 'acme']));
  expect(usernames()).not.toContain(`${PREFIX}mine01`);
  // What was deleted or found gone leaves the ledger; the refused stay on it.
  expect(ledger.pending().map((e) => e.username)).toEqual([`${PREFIX}human1`, 'acme']);
});

test("--cleanup-only: the resellers named with the prefix whose e-mail is the run's, and nothing else", async () => {
  const report = await cleanupByPrefix(client, spec, PREFIX);
  expect(report).toMatchObject({ listed: true, deleted: [`${PREFIX}left01`], refused: [`${PREFIX}human1`], failed: [] });
  expect(usernames()).toEqual(expect.arrayContaining([`${PREFIX}human1`, 'wcrun002other', 'acme']));
  expect(server.requestLog.filter((q) => q.method === 'DELETE').map((q) => q.path)).toEqual([
    `/api/v1/resellers/${PREFIX}mine01`,
    `/api/v1/resellers/${PREFIX}left01`,
  ]);
});

test('a ledger line torn by a crash does not stop the clean-up of the others', () => {
  const file = join(dir, 'torn.jsonl');
  const ledger = new Ledger(file);
  ledger.intend({ username: `${PREFIX}abc001`, email: `${PREFIX}abc001@example.com` });
  writeFileSync(file, '{"username":"wcrun001ab', { flag: 'a' });
  expect(ledger.pending()).toEqual([{ username: `${PREFIX}abc001`, email: `${PREFIX}abc001@example.com` }]);
});

test('a create with no answer that lands after the clean-up began (a run stopped with it on the wire) is still found and deleted', async () => {
  const ledger = new Ledger(join(dir, 'ledger-late.jsonl'));
  const late = { username: `${PREFIX}late01`, email: `${PREFIX}late01@example.com` };
  ledger.intend(late);
  const landing = sleep(1000).then(() =>
    client.call('admin', { method: spec.record.create.method, path: spec.record.create.path, body: { json: { ...late, password: 'Abcdefgh123!#' } } }),
  );
  const report = await cleanupLedger(client, spec, ledger, PREFIX);
  expect((await landing).response?.status).toBe(201);
  expect(report).toMatchObject({ deleted: [late.username], alreadyGone: [], failed: [] });
  expect(usernames()).not.toContain(late.username);
});
