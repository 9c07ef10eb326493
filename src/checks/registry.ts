// Every check, registered under the requirement ID it judges: grep a
// requirement ID under src/ and this file names the function that decides
// it. The engine calls checks only through here: the passive ones on every
// answer of a case, at no extra request; the active ones when a case asks
// for a requirement to be judged (judgeWith). A requirement may have
// several checks (a status, a schema, a copied key), each judging what its
// context holds. --list prints the same table; the registry's tests hold it
// to the catalogue (spec/requirements.yaml) and to the plan.
import type { Check, CheckContext, Judgement } from './check.ts';
import { envelopeCode, envelopeShape, envelopeStatus } from './envelope.ts';
import { issuedKeyAuthenticates, issuedKeyCopied, retryIssuesNoSecondKey, whitelistRefuses } from './issued-key.ts';
import { defaultPermissions, expiresInDays, prefixMatches, secretForm, secretLowercase } from './issued-key-form.ts';
import { refusedCreatesNotListed, refusedPartNotAdded, refusedWritesNotApplied } from './refused.ts';
import { answersRequestedReseller, listsEachResellerOnce, namesCreatedReseller } from './identity.ts';
import { jsonBody } from './json-body.ts';
import { jsonContentType } from './json-content-type.ts';
import { goneFromList, goneFromRecord, listContainsCreated } from './listed.ts';
import { notAServerError } from './no-server-error.ts';
import { limitEnforced, serviceAfterReset } from './rate-limit.ts';
import { headersOnErrors, headersPresent, limitValue, remainingInRange, resetInWindow } from './rate-limit-headers.ts';
import { partReset, removedPartGone, writeReadBack } from './read-back.ts';
import { duplicateLeavesRecordUnchanged, partialWrite, persistedFieldByField } from './record-fields.ts';
import { bystandersUnchanged, partKept, stillThere } from './contained.ts';
import { otherPartCarriesNothingOfOurs, othersCarryNothingOfOurs } from './census.ts';
import { partNoLongerServed } from './delete-complete.ts';
import { readsAgree } from './reads-agree.ts';
import { refusedWithinBudget } from './refused-within-budget.ts';
import { noServiceAfterZero, refusedWithZero, remainingCounts, resetHonoured } from './rate-account.ts';
import { responseSchema } from './schema.ts';
import { invalidRequestNotServed, statusConformance } from './status.ts';

export type Mode = 'passive' | 'active';

export interface CheckEntry<Evidence = unknown> {
  /** The check's name, as --list shows it. */
  name: string;
  /** passive: on every answer of a case, free; active: when a case asks. */
  mode: Mode;
  check: Check<Evidence>;
}

const passive = (name: string, check: Check): CheckEntry<undefined> => ({ name, mode: 'passive', check });
const active = <E>(name: string, check: Check<E>): CheckEntry<E> => ({ name, mode: 'active', check });

const status = active('status_conformance', statusConformance);
const schema = active('response_schema_conformance', responseSchema);
const notServed = active('invalid_request_not_served', invalidRequestNotServed);
const readBack = active('write_read_back', writeReadBack);
const envelope = (check: Check) => passive('error_envelope', check);
const rateLimitHeaders = (check: Check) => passive('rate_limit_headers', check);
const deletedGone = [active('deleted_gone_from_get', goneFromRecord), active('deleted_gone_from_list', goneFromList)];

/** Requirement ID -> the checks that judge it, in the order they judge. */
const REGISTRY = {
  'HTTP-JSON-BODY': [passive('json_body', jsonBody)],
  'HTTP-JSON-CONTENT-TYPE': [passive('json_content_type', jsonContentType)],
  'HTTP-NO-5XX': [passive('not_a_server_error', notAServerError)],
  'ENV-SHAPE': [envelope(envelopeShape)],
  'ENV-STATUS-MATCH': [envelope(envelopeStatus)],
  'ENV-CODE-MATCH': [envelope(envelopeCode)],
  'RL-HEADERS': [rateLimitHeaders(headersPresent)],
  'RL-HEADERS-ON-ERRORS': [rateLimitHeaders(headersOnErrors)],
  'RL-LIMIT-VALUE': [rateLimitHeaders(limitValue)],
  'RL-REMAINING': [rateLimitHeaders(remainingInRange)],
  'RL-RESET': [rateLimitHeaders(resetInWindow)],
  'RL-429-WITHIN-BUDGET': [passive('refused_within_budget', refusedWithinBudget)],
  'RL-REMAINING-COUNTS': [passive('remaining_counts_our_requests', remainingCounts)],
  'RL-429-REMAINING-ZERO': [passive('refused_with_remaining_zero', refusedWithZero)],
  'RL-NO-SERVICE-AFTER-ZERO': [passive('no_service_after_remaining_zero', noServiceAfterZero)],
  'RL-RESET-HONOURED': [passive('served_once_reset_passed', resetHonoured)],

  'AUTH-ME-200': [status, schema],
  'AUTH-MISSING-401': [status],
  'AUTH-INVALID-401': [status],
  'AUTH-MALFORMED-401': [status],
  'AUTH-KEY-ISSUE-201': [status, schema, active('issued_key_copied', issuedKeyCopied)],
  'AUTH-KEY-WORKS': [active('issued_key_authenticates', issuedKeyAuthenticates)],
  'KEY-SECRET-FORM': [active('secret_form', secretForm)],
  'KEY-SECRET-LOWERCASE': [active('secret_lowercase', secretLowercase)],
  'KEY-PREFIX-MATCH': [active('prefix_starts_secret', prefixMatches)],
  'KEY-EXPIRES-DAYS': [active('expires_in_days', expiresInDays)],
  'KEY-DEFAULT-READ': [active('default_permissions_read', defaultPermissions)],
  'KEY-SCOPE-ENFORCED': [status],
  'KEY-READ-READS': [status],
  'KEY-WHITELIST-ENFORCED': [active('whitelist_refuses_others', whitelistRefuses)],
  'KEY-RETRY-ONCE': [active('retry_issues_no_second_key', retryIssuesNoSecondKey)],
  'AUTH-DELETED-KEY-401': [status],
  'SAFE-DELETED-KEY-REFUSED': [notServed],
  'ROLE-RESELLER-READ-OWN': [status],
  'ROLE-RESELLER-FORBIDDEN': [status],
  'ROLE-RESELLER-MINT-OWN': [status],
  'RES-LIST-200': [status, schema],
  'RES-DASHBOARD-200': [status],
  'RES-CREATE-201': [status, schema, passive('names_created_reseller', namesCreatedReseller)],
  'RES-CREATE-REQUIRED-400': [status],
  'RES-GET-200': [status, schema, passive('answers_requested_reseller', answersRequestedReseller)],
  'RES-DELETE-200': [status, schema],
  'RES-SUBRESOURCE-2XX': [status],
  'RES-NOT-FOUND-404': [status],
  'VAL-CREATE-INVALID-4XX': [status],
  'VAL-MALFORMED-JSON-4XX': [status],
  'VAL-CONTENT-TYPE-4XX': [status],
  'VAL-LIMITS-TYPE-4XX': [status],
  'VAL-IP-INVALID-4XX': [status],
  'VAL-UNUSUAL-4XX': [status],
  'VAL-DUPLICATE-4XX': [status],
  'SAFE-INVALID-REFUSED': [notServed],
  'LIFE-LIST-CONTAINS': [active('list_contains_created', listContainsCreated)],
  'LIFE-LIST-ONCE': [passive('lists_each_reseller_once', listsEachResellerOnce)],
  'LIFE-DELETE-GONE': deletedGone,
  'LIFE-WRITE-READ-BACK': [readBack],
  'LIFE-GUESSED-READ-BACK': [readBack],
  'LIFE-LIMITS-PERSIST': [active('write_persisted_field_by_field', persistedFieldByField)],
  'LIFE-IP-REMOVED': [active('removed_part_gone', removedPartGone)],
  'LIFE-READS-AGREE': [active('reads_agree', readsAgree)],
  'LIFE-PART-RESET': [active('part_reset', partReset)],
  'SAFE-REFUSED-NOT-APPLIED': [
    active('refused_creates_not_listed', refusedCreatesNotListed),
    active('refused_part_not_added', refusedPartNotAdded),
    active('refused_writes_not_applied', refusedWritesNotApplied),
  ],
  'SAFE-DUPLICATE-UNCHANGED': [active('duplicate_leaves_record_unchanged', duplicateLeavesRecordUnchanged)],
  'SAFE-PARTIAL-WRITE': [active('partial_write', partialWrite)],
  'SAFE-WRITE-CONTAINED': [active('bystanders_unchanged', bystandersUnchanged), active('part_kept', partKept), active('record_still_there', stillThere)],
  'SAFE-DELETE-COMPLETE': [active('part_no_longer_served', partNoLongerServed)],
  'SAFE-OTHERS-UNTOUCHED': [
    active('others_carry_nothing_of_ours', othersCarryNothingOfOurs),
    active('other_part_carries_nothing_of_ours', otherPartCarriesNothingOfOurs),
  ],
  'RL-429': [active('limit_enforced', limitEnforced)],
  'RL-RECOVERY': [active('service_after_reset', serviceAfterReset)],
} as const satisfies Record<string, readonly CheckEntry<never>[]>;

export type RequirementId = keyof typeof REGISTRY;

/** What a requirement's checks need beside the exchange (its checks share
 *  one type of evidence, each judging the kind it is for). */
export type EvidenceOf<Id extends RequirementId> = (typeof REGISTRY)[Id][number] extends CheckEntry<infer E> ? E : never;

/** The checks of every requirement, by ID. */
export const CHECKS: ReadonlyMap<string, readonly CheckEntry<never>[]> = new Map(Object.entries(REGISTRY));

/** A check with the requirement it is registered under. */
interface Registered<E> {
  requirement: string;
  entry: CheckEntry<E>;
  /** "REQUIREMENT check_name": how the run names it among the checks reached. */
  reachedAs: string;
}

const registered = <E>(requirement: string, entries: readonly CheckEntry<never>[], mode: Mode): Registered<E>[] =>
  entries.filter((e) => e.mode === mode).map((entry) => ({ requirement, entry: entry as CheckEntry<E>, reachedAs: `${requirement} ${entry.name}` }));

/** Those that run on every answer, in registry order. */
const PASSIVE: readonly Registered<undefined>[] = [...CHECKS].flatMap(([requirement, entries]) => registered<undefined>(requirement, entries, 'passive'));

/** Each requirement's active checks (its passive ones judge every answer already). */
const ACTIVE: ReadonlyMap<string, readonly Registered<unknown>[]> = new Map(
  [...CHECKS].map(([requirement, entries]) => [requirement, registered(requirement, entries, 'active')]),
);

/** A check's judgement, with the requirement and the check behind it. */
export interface Verdict extends Judgement {
  requirement: string;
  check: string;
  /** "REQUIREMENT check_name". */
  reachedAs: string;
}

/** Judges `requirement` with every active check registered under it;
 *  throws for a requirement no check judges (a bug of ours). */
export function judgeWith<E>(requirement: string, ctx: CheckContext<E>): Verdict[] {
  const checks = ACTIVE.get(requirement) as readonly Registered<E>[] | undefined;
  if (!checks) throw new Error(`no check judges requirement ${requirement}`);
  return verdicts(checks, ctx);
}

/** Every passive check on one answer. */
export function judgePassive(ctx: CheckContext): Verdict[] {
  return verdicts(PASSIVE, ctx);
}

// On every answer of a fleet's thousands: a loop, no intermediate arrays.
function verdicts<E>(checks: readonly Registered<E>[], ctx: CheckContext<E>): Verdict[] {
  const out: Verdict[] = [];
  for (const { requirement, entry, reachedAs } of checks) {
    const judgement = entry.check(ctx);
    // Field by field: a spread builds each verdict through V8's slow path.
    if (judgement) out.push({ requirement, check: entry.name, reachedAs, ok: judgement.ok, message: judgement.message, notes: judgement.notes });
  }
  return out;
}

/** The names of the checks that judge a requirement, as --list shows them. */
export function checksOf(requirement: string): string[] {
  return (CHECKS.get(requirement) ?? []).map((e) => e.name);
}
