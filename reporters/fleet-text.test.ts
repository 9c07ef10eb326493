import { expect, test } from 'vitest';
import type { FleetReport } from '../src/model/fleet.ts';
import { CELL, FLEET_TITLE, fleetFacts, fleetLine, panelLine } from './fleet-text.ts';
import { sampleFleet, UNREACHABLE_REASON } from '../test/fixtures/reporters/sample-fleet.ts';

test('panelLine: a tested panel summed up in one line, an untested one with its reason', () => {
  const [eu1, eu2, us1] = sampleFleet().panels;
  expect(panelLine(eu1)).toBe(
    'eu-1: NOT CONFORMANT (full profile; 4 requirements not checked, run --profile certify): failed RES-CREATE-201, RL-RESET; ' +
      '8 cases: 3 passed, 1 failed, 1 error, 2 skipped, 1 disabled; 7 requests, 1 answered 429; wall 12.5 s, run wc-20260101-7k3m',
  );
  expect(panelLine(eu2)).toBe(
    'eu-2: CONFORMANT (full profile; 4 requirements not checked, run --profile certify); ' +
      '8 cases: 5 passed, 0 failed, 0 error, 2 skipped, 1 disabled; 7 requests, 1 answered 429; wall 12.5 s, run run-eu-2',
  );
  expect(panelLine(us1)).toBe(`us-1: UNREACHABLE: ${UNREACHABLE_REASON}`);
  expect(panelLine({ ...eu2, requests: 1 })).toContain('; 1 request, 1 answered 429;');
});

test('fleetLine: how many panels of each kind, leaving out the kinds that have none', () => {
  const fleet = sampleFleet();
  expect(fleetLine(fleet)).toBe('Fleet: NOT CONFORMANT: 1 of 3 panels conformant, 1 not conformant, 1 not tested');
  expect(fleetLine(sampleFleet({ shard: '2/3' }))).toBe('Fleet: NOT CONFORMANT: 1 of 3 panels conformant, 1 not conformant, 1 not tested (shard 2/3)');
  const [eu1, eu2] = fleet.panels;
  const only = (verdict: FleetReport['verdict'], ...panels: FleetReport['panels']): FleetReport => ({ ...fleet, verdict, panels });
  expect(fleetLine(only('CONFORMANT', eu2))).toBe('Fleet: CONFORMANT: 1 of 1 panel conformant');
  // The count of conformant panels is always said, even when it is none.
  expect(fleetLine(only('INCOMPLETE', { ...eu1, verdict: 'INCOMPLETE' }, { ...eu2, verdict: 'INCOMPLETE' }))).toBe(
    'Fleet: INCOMPLETE: 0 of 2 panels conformant, 2 incomplete',
  );
});

test('fleetFacts: the header rows, the shard only when there is one', () => {
  expect(fleetFacts(sampleFleet())).toEqual([
    ['Verdict', 'NOT CONFORMANT'],
    ['Panels', '3'],
    ['Suite version', '0.1.0'],
    ['Spec version', '1.0.0'],
    ['Spec SHA-256', 'a3f1c9e0b2d4f6a8c0e2f4a6b8d0c2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6'],
    ['Date', '2026-01-01T00:00:00.000Z'],
    ['Wall time', '1 min 05 s'],
    ['Seed', '424242'],
  ]);
  expect(fleetFacts(sampleFleet({ shard: '1/2' })).at(-1)).toEqual(['Shard', '1/2']);
});

test('one short cell per requirement result, and the title every fleet index shares', () => {
  expect(CELL).toEqual({ passed: 'pass', failed: 'FAIL', warning: 'warn', skipped: 'skip', 'not-checked': '-', 'not-testable': 'n/t' });
  expect(FLEET_TITLE).toBe('WisPanel API conformance of a fleet');
});
