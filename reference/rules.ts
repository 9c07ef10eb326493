// Input rules. The vendor documents none; these are the common hosting-panel
// rules the facts file names, so valid test data passes them easily.
import { isIP } from 'node:net';

const USERNAME = /^[a-z][a-z0-9]{0,15}$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const HOSTNAME_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** Valid usernames that would be shadowed by the fixed /resellers/dashboard route. */
const RESERVED_USERNAMES = new Set(['dashboard']);

export const isValidUsername = (value: string) => USERNAME.test(value);
export const isReservedUsername = (value: string) => RESERVED_USERNAMES.has(value);
export const isValidEmail = (value: string) => value.length <= 254 && EMAIL.test(value);
export const isAcceptablePassword = (value: string) => value.length >= 8;
export const isIpAddress = (value: string) => isIP(value) !== 0;

/** A fully qualified host name: at least two labels, 253 characters at most. */
export function isHostname(value: string): boolean {
  const labels = value.split('.');
  return value.length <= 253 && labels.length >= 2 && labels.every((label) => HOSTNAME_LABEL.test(label));
}
