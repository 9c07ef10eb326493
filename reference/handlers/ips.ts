// GET|POST /resellers/:username/ips and DELETE /ips/:ip.
import { conflict, invalid, notFound } from '../api-error.ts';
import { crashIf } from '../crash.ts';
import { created, ok } from '../reply.ts';
import { hasPort, isIpAddress, isIpv6 } from '../rules.ts';
import { forReseller } from './context.ts';
import { writeTargets } from './misdirected.ts';

export const listIps = forReseller((_ctx, reseller) => ok({ ips: [...reseller.ips] }));

export const assignIp = forReseller((ctx, reseller) => {
  const { body, has } = ctx;
  const { ip } = body();
  const text = typeof ip === 'string' ? ip : '';
  crashIf(has, 'ipv6-or-port-500', isIpv6(text) || hasPort(text), `IPv4 parser cannot read ${JSON.stringify(ip)}`);
  if (typeof ip !== 'string' || (!isIpAddress(ip) && !has('invalid-ip-accepted'))) {
    crashIf(has, 'invalid-ip-500', true, `Cannot parse IP address ${JSON.stringify(ip)}`);
    // data-safety fault: the address was stored before it was checked.
    if (has('ip-validated-after-write') && ip !== undefined) {
      const stored = typeof ip === 'string' ? ip : JSON.stringify(ip);
      if (!reseller.ips.includes(stored)) reseller.ips.push(stored);
    }
    throw invalid('ip must be a bare IPv4 or IPv6 address (no port)');
  }
  if (reseller.ips.includes(ip)) throw conflict(`IP ${ip} is already assigned`);
  // ips fault: the address posted replaces those there were.
  if (has('ips-post-replaces')) reseller.ips = [ip];
  else if (!has('ips-post-not-listed')) {
    for (const target of writeTargets(ctx, reseller, { all: 'ips-post-all' })) {
      if (!target.ips.includes(ip)) target.ips.push(ip);
    }
  }
  return created({ success: true, message: 'IP assigned', ip });
});

export const removeIp = forReseller(({ params, has, store }, reseller) => {
  const ip = params.ip ?? '';
  // ips fault: DELETE ... WHERE ip = ?, whoever holds it.
  if (has('ip-delete-by-address')) {
    const holders = [...store.resellers.values()].filter((r) => r.ips.includes(ip));
    if (!holders.length) throw notFound(`IP ${ip} is not assigned`);
    for (const holder of holders) holder.ips = holder.ips.filter((held) => held !== ip);
    return ok({ success: true, message: 'IP removed', ip });
  }
  const index = reseller.ips.indexOf(ip);
  if (index === -1) throw notFound(`IP ${ip} is not assigned to ${reseller.username}`);
  // ips fault: every address goes, not the one named.
  if (has('ips-delete-all')) reseller.ips = [];
  else if (!has('ip-delete-not-removing')) reseller.ips.splice(index, 1);
  return ok({ success: true, message: 'IP removed', ip });
});
