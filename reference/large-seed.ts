// A panel with many resellers: generated seed records with non-ASCII
// company names, two IPs and two nameservers each, so the list runs to
// hundreds of KB.
import type { SeedReseller } from './seed.ts';

const COMPANIES = [
  'Müller Hosting GmbH',
  'Hébergement Québécois',
  'Łódź Serwery Sp. z o.o.',
  'Κόμβος Φιλοξενίας',
  'Хостинг Север',
  '北京云主机',
  'ホスティング株式会社',
  'مستضيف الشرق',
  'Café ☕ Servers',
  'Ñandú Datos S.A.',
];

/** `count` resellers named bulk1, bulk2, ...; addresses from 10.0.0.0/8, unique
 *  for the first 65,536. */
export function largeSeed(count: number): SeedReseller[] {
  return Array.from({ length: count }, (_, i) => {
    const username = `bulk${i + 1}`;
    const net = `10.${(i >> 8) & 255}.${i & 255}`;
    return {
      username,
      email: `${username}@example.org`,
      branding: { company_name: `${COMPANIES[i % COMPANIES.length]} ${i + 1}` },
      ips: [`${net}.1`, `${net}.2`],
      nameservers: [`ns1.${username}.example`, `ns2.${username}.example`],
    };
  });
}
