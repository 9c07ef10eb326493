// GET|POST /resellers/:username/ips and DELETE /ips/:ip.
import { conflict, invalid, notFound } from '../api-error.ts';
import { created, ok } from '../reply.ts';
import { isIpAddress } from '../rules.ts';
import { forReseller } from './context.ts';

export const listIps = forReseller((_ctx, reseller) => ok({ ips: [...reseller.ips] }));

export const assignIp = forReseller(({ body, has }, reseller) => {
  const { ip } = body();
  if (typeof ip !== 'string' || (!isIpAddress(ip) && !has('invalid-ip-accepted'))) {
    // robustness fault: behave like a server whose IP parser throws.
    if (has('invalid-ip-500')) throw new TypeError(`Cannot parse IP address ${JSON.stringify(ip)}`);
    throw invalid('ip must be an IPv4 or IPv6 address');
  }
  if (reseller.ips.includes(ip)) throw conflict(`IP ${ip} is already assigned`);
  if (!has('ips-post-not-listed')) reseller.ips.push(ip);
  return created({ success: true, message: 'IP assigned', ip });
});

export const removeIp = forReseller(({ params, has }, reseller) => {
  const ip = params.ip ?? '';
  const index = reseller.ips.indexOf(ip);
  if (index === -1) throw notFound(`IP ${ip} is not assigned to ${reseller.username}`);
  if (!has('ip-delete-not-removing')) reseller.ips.splice(index, 1);
  return ok({ success: true, message: 'IP removed', ip });
});
