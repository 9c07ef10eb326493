// An API key's ip_whitelist: IPv4 addresses and CIDR blocks. Documented:
// empty = any source; otherwise this server honours the key only from a
// listed address or block.
import { isIPv4 } from 'node:net';

const ENTRY = /^([^/]+)(?:\/(\d{1,2}))?$/;

/** `a.b.c.d` or `a.b.c.d/n`, n from 0 to 32. */
export function isWhitelistEntry(value: string): boolean {
  const [, address = '', bits] = ENTRY.exec(value) ?? [];
  return isIPv4(address) && (bits === undefined || Number(bits) <= 32);
}

/** Whether a request from `source` (a socket's remote address; IPv4-mapped
 *  IPv6 counts as its IPv4 address) may use a key with this whitelist. */
export function allowsSource(whitelist: readonly string[], source: string): boolean {
  if (whitelist.length === 0) return true;
  const address = source.replace(/^::ffff:/i, '');
  return isIPv4(address) && whitelist.some((entry) => inBlock(address, entry));
}

function inBlock(address: string, entry: string): boolean {
  const [base = '', bits = '32'] = entry.split('/');
  const hostBits = 32 - Number(bits);
  // Shifts are 32-bit: a whole address (/0) shifts by division instead.
  const network = (ip: string) => Math.floor(toNumber(ip) / 2 ** hostBits);
  return network(address) === network(base);
}

const toNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
