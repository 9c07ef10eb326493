// Conforming variants: answers that are no fault of the documented contract
// but are hostile to a careless client, above all to its clean-up path. A
// correct suite must take them in its stride. Switched like faults, one per
// server. (get-201 bends a status the vendor shows as 200; it is here for
// the clean-up path, which must take any 2xx as success.)
import { namedSwitch } from './switch.ts';

/** How far reads lag behind writes under replica-lag. */
export const REPLICA_LAG_MS = 1500;

const catalogue = {
  'get-201': 'GET /resellers/:username answers 201 instead of 200.',
  'no-email-in-record': 'Reseller objects (get one, list) carry no email field; the documented object shows none.',
  'replica-lag': `Reads of reseller records (get one, list) see creates and deletes ${REPLICA_LAG_MS / 1000} s late: a reseller just created answers 404 and is not listed, one just deleted is still shown; writes (a delete too) and sub-resource reads see the truth at once.`,
  'proxy-503-once':
    'A load balancer turns away the first request to the reseller collection and to each reseller record (per method and path) with 503, an HTML page and Retry-After: 1; the panel never sees it.',
  'connection-reset-once': 'The first successful DELETE of a reseller is applied, then its connection is reset without an answer.',
} satisfies Record<string, string>;

export type QuirkName = keyof typeof catalogue;

export const quirks: Readonly<Record<string, string>> = catalogue;

/** Asks whether a quirk is on. */
export type IsQuirk = (quirk: QuirkName) => boolean;

export const quirkSwitch = (name: string | undefined): IsQuirk => namedSwitch<QuirkName>('quirk', quirks, name);
