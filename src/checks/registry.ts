// Every check, passive and active, by the requirement IDs it judges: grep a
// requirement ID under src/ and this file names the function that decides
// it. --list prints the same table; test/requirements.test.ts holds it to
// the catalogue and to the plan in both directions.
import { passiveChecks } from './passive.ts';
import { expectAbsent, expectKeyCopy, expectKeyWorks, expectNotServed, expectReadBack, expectResponse, expectSchema } from './expect.ts';
import { expectBystanderUnchanged, expectGoneFromGet, expectGoneFromList, expectListed, expectPersisted, expectUnchanged } from './lifecycle.ts';
import { expectLimitEnforced, expectRecovered } from './rate-limit.ts';

export interface CheckEntry {
  name: string;
  /** passive: on every response, at no extra request; active: in a case. */
  mode: 'passive' | 'active';
  requirements: readonly string[];
  /** The function that decides it. */
  check: (...args: never[]) => unknown;
}

/** The requirements a case judges by its expected status (and code): its
 *  `expect.requirement`, as the spec's hints and the kinds name them. */
const BY_STATUS = [
  'AUTH-ME-200', 'AUTH-MISSING-401', 'AUTH-INVALID-401', 'AUTH-MALFORMED-401', 'AUTH-KEY-ISSUE-201', 'AUTH-DELETED-KEY-401',
  'ROLE-RESELLER-READ-OWN', 'ROLE-RESELLER-FORBIDDEN', 'ROLE-RESELLER-MINT-OWN',
  'RES-LIST-200', 'RES-DASHBOARD-200', 'RES-CREATE-201', 'RES-CREATE-REQUIRED-400', 'RES-GET-200', 'RES-DELETE-200', 'RES-SUBRESOURCE-2XX', 'RES-NOT-FOUND-404',
  'VAL-CREATE-INVALID-4XX', 'VAL-MALFORMED-JSON-4XX', 'VAL-CONTENT-TYPE-4XX', 'VAL-LIMITS-TYPE-4XX', 'VAL-IP-INVALID-4XX', 'VAL-UNUSUAL-4XX',
  'VAL-DUPLICATE-4XX', 'RL-429',
] as const;

/** The requirements of responses whose body the vendor showed. */
const BY_SCHEMA = ['AUTH-ME-200', 'AUTH-KEY-ISSUE-201', 'RES-LIST-200', 'RES-CREATE-201', 'RES-GET-200', 'RES-DELETE-200'] as const;

export const CHECKS: readonly CheckEntry[] = [
  ...passiveChecks.map((c): CheckEntry => ({ name: c.name, mode: 'passive', requirements: c.requirements, check: c.run })),
  { name: 'status_conformance', mode: 'active', requirements: BY_STATUS, check: expectResponse },
  { name: 'issued_key_copied', mode: 'active', requirements: ['AUTH-KEY-ISSUE-201'], check: expectKeyCopy },
  { name: 'issued_key_authenticates', mode: 'active', requirements: ['AUTH-KEY-WORKS'], check: expectKeyWorks },
  { name: 'invalid_request_not_served', mode: 'active', requirements: ['SAFE-INVALID-REFUSED', 'SAFE-DELETED-KEY-REFUSED'], check: expectNotServed },
  { name: 'response_schema_conformance', mode: 'active', requirements: BY_SCHEMA, check: expectSchema },
  { name: 'list_contains_created', mode: 'active', requirements: ['LIFE-LIST-CONTAINS'], check: expectListed },
  { name: 'deleted_gone_from_get', mode: 'active', requirements: ['LIFE-DELETE-GONE'], check: expectGoneFromGet },
  { name: 'deleted_gone_from_list', mode: 'active', requirements: ['LIFE-DELETE-GONE'], check: expectGoneFromList },
  { name: 'write_read_back', mode: 'active', requirements: ['LIFE-WRITE-READ-BACK', 'LIFE-GUESSED-READ-BACK'], check: expectReadBack },
  { name: 'write_persisted_field_by_field', mode: 'active', requirements: ['LIFE-LIMITS-PERSIST'], check: expectPersisted },
  { name: 'write_leaves_others_unchanged', mode: 'active', requirements: ['LIFE-LIMITS-PERSIST'], check: expectBystanderUnchanged },
  { name: 'removed_part_gone', mode: 'active', requirements: ['LIFE-IP-REMOVED'], check: expectAbsent },
  { name: 'duplicate_leaves_record_unchanged', mode: 'active', requirements: ['SAFE-DUPLICATE-UNCHANGED'], check: expectUnchanged },
  { name: 'limit_enforced', mode: 'active', requirements: ['RL-429'], check: expectLimitEnforced },
  { name: 'service_after_reset', mode: 'active', requirements: ['RL-RECOVERY'], check: expectRecovered },
];

/** The checks that judge a requirement, by name. */
export function checksOf(requirement: string): string[] {
  return CHECKS.filter((c) => c.requirements.includes(requirement)).map((c) => c.name);
}
