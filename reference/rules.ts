// Input rules. The vendor documents none; these are the common hosting-panel
// rules the facts file names, so valid test data passes them easily.
import { isIP } from 'node:net';

const USERNAME = /^[a-z][a-z0-9]{0,15}$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const HOSTNAME_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** Valid usernames that would be shadowed by the fixed /resellers/dashboard route. */
const RESERVED_USERNAMES = new Set(['dashboard']);

/** Limits are stored as a signed 32-bit integer, as panels commonly do. */
export const MAX_LIMIT = 2 ** 31 - 1;

export const isValidUsername = (value: string) => USERNAME.test(value);
export const isReservedUsername = (value: string) => RESERVED_USERNAMES.has(value);
export const isValidEmail = (value: string) => value.length <= 254 && EMAIL.test(value);
export const isAcceptablePassword = (value: string) => value.length >= 8;
/** An integer from -1 (unlimited) to MAX_LIMIT. */
export const isLimitValue = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= -1 && value <= MAX_LIMIT;

/** IPv4 or IPv6, bare. The vendor's one example is IPv4 and it says nothing
 *  of IPv6; this server accepts both wherever an IP is taken (POST and
 *  DELETE alike), and refuses anything with a port or a prefix length. */
export const isIpAddress = (value: string) => isIP(value) !== 0;
export const isIpv6 = (value: string) => isIP(value) === 6;
/** `203.0.113.5:80` or `[2001:db8::1]:443`: an address with a port. */
export const hasPort = (value: string) => /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\]):\d+$/i.test(value);

/** Characters that would escape a path built from a username. */
export const hasPathChars = (value: string) => /[/\\%]|\.\./.test(value);

/** A fully qualified host name: at least two labels, 253 characters at most. */
export function isHostname(value: string): boolean {
  const labels = value.split('.');
  return value.length <= 253 && labels.length >= 2 && labels.every((label) => HOSTNAME_LABEL.test(label));
}
