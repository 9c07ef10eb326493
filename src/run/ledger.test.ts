// The ledger decides what clean-up deletes: every way a create can end must
// leave it true.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { Ledger } from './ledger.ts';

const dirs: string[] = [];
function ledger(): Ledger {
  const dir = mkdtempSync(join(tmpdir(), 'wispanel-ledger-'));
  dirs.push(dir);
  return new Ledger(join(dir, 'ledger.jsonl'));
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ledger', () => {
  test('an intent is pending before the answer: a crash mid-create still leaves a trace', () => {
    const l = ledger();
    l.intend({ username: 'wcabc1a', email: 'wcabc1a@example.test' });
    expect(l.pending()).toEqual([{ username: 'wcabc1a', email: 'wcabc1a@example.test' }]);
  });

  test('a refused create settles its intent: nothing to clean up', () => {
    const l = ledger();
    l.intend({ username: 'wcabc1a' });
    l.refused('wcabc1a', 400);
    expect(l.pending()).toEqual([]);
  });

  test('a refused create waits for a list to settle it: absent, or stored after all (then a record to clean up)', () => {
    const l = ledger();
    l.intend({ username: 'wcabc1a', email: 'a@example.test', owner: 'validation' });
    l.refused('wcabc1a', 400);
    l.intend({ username: 'wcabc1b', email: 'b@example.test', owner: 'auth' });
    l.refused('wcabc1b', 401);
    const [a, b] = l.refusals();
    expect(a).toMatchObject({ username: 'wcabc1a', email: 'a@example.test', owner: 'validation', status: 400, settled: false });
    expect(b).toMatchObject({ username: 'wcabc1b', status: 401, settled: false });
    expect(Math.abs(a.at - Date.now())).toBeLessThan(5000);
    l.absent('wcabc1a');
    l.created({ username: 'wcabc1b', email: 'b@example.test', owner: 'auth' });
    expect(l.refusals().map((r) => r.settled)).toEqual([true, true]);
    expect(l.pending()).toEqual([{ username: 'wcabc1b', email: 'b@example.test', created: true }]);
  });

  test('no refusal to settle for a 409 (its name exists) or a name the run had created', () => {
    const l = ledger();
    l.intend({ username: 'wcabc1a' });
    l.refused('wcabc1a', 409);
    l.created({ username: 'wcabc1b' });
    l.refused('wcabc1b', 400);
    expect(l.refusals()).toEqual([]);
  });

  test('a refused duplicate never settles a record the run did create', () => {
    const l = ledger();
    l.intend({ username: 'wcabc1a', email: 'a@example.test' });
    l.created({ username: 'wcabc1a', email: 'a@example.test' });
    l.refused('wcabc1a', 400);
    expect(l.pending()).toEqual([{ username: 'wcabc1a', email: 'a@example.test', created: true }]);
  });

  test('deleted records leave the ledger; the others stay, each with the e-mail known for it', () => {
    const l = ledger();
    l.intend({ username: 'wcabc1a', email: 'a@example.test' });
    l.created({ username: 'wcabc1a' });
    l.intend({ username: 'wcabc1b' });
    l.created({ username: 'wcabc1b' });
    l.deleted('wcabc1b');
    expect(l.pending()).toEqual([{ username: 'wcabc1a', email: 'a@example.test', created: true }]);
  });

  test('a delete meant stays meant until the server refuses it; the record stays pending for the clean-up either way', () => {
    const l = ledger();
    l.created({ username: 'wcabc1a', email: 'a@example.test' });
    expect(l.deleteMeant('wcabc1a')).toBe(false);
    l.deleting('wcabc1a');
    expect(l.deleteMeant('wcabc1a')).toBe(true);
    l.kept('wcabc1a');
    expect(l.deleteMeant('wcabc1a')).toBe(false);
    expect(l.pending()).toEqual([{ username: 'wcabc1a', email: 'a@example.test', created: true }]);
    l.deleting('wcabc1a');
    l.deleted('wcabc1a');
    expect(l.deleteMeant('wcabc1a')).toBe(true);
    expect(l.pending()).toEqual([]);
  });

  test('a line torn by a crash does not stop the clean-up of the others', () => {
    const l = ledger();
    l.intend({ username: 'wcabc1a' });
    appendFileSync(l.file, '{"username":"wcab\n');
    l.intend({ username: 'wcabc1c' });
    expect(l.pending().map((e) => e.username)).toEqual(['wcabc1a', 'wcabc1c']);
  });

  test('the file is the truth: what another writer appends after a read is seen, a line still being written once it is whole', () => {
    const l = ledger();
    l.intend({ username: 'wcabc1a' });
    expect(l.pending().map((e) => e.username)).toEqual(['wcabc1a']);
    const other = new Ledger(l.file);
    other.intend({ username: 'wcabc1b' });
    appendFileSync(l.file, '{"username":"wcabc1c","event":"intent",');
    expect(l.pending().map((e) => e.username)).toEqual(['wcabc1a', 'wcabc1b']);
    appendFileSync(l.file, '"at":"2026-12-07T00:00:00.000Z"}\n');
    other.deleted('wcabc1a');
    expect(l.pending().map((e) => e.username)).toEqual(['wcabc1b', 'wcabc1c']);
  });

  test('a part a probe adds to a record the run does not own is pending until removed', () => {
    const l = ledger();
    l.intendPart({ path: '/resellers/partner1/ips/192.0.2.7' });
    l.intendPart({ path: '/resellers/partner1/ips/192.0.2.8' });
    l.partRemoved({ path: '/resellers/partner1/ips/192.0.2.7' });
    expect(l.pendingParts()).toEqual([{ path: '/resellers/partner1/ips/192.0.2.8' }]);
    expect(l.pending()).toEqual([]);
  });

  test('no file yet: nothing pending', () => {
    expect(ledger().pending()).toEqual([]);
  });
});
