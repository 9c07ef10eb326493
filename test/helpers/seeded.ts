// Pre-existing data on a panel the suite must leave exactly as it found it.
import type { TestContext } from 'vitest';
import { startReferenceServer, type ReferenceServer, type SeedData } from '../../reference/server.ts';

/** A run ID that is not the run under test: its "leftover" must survive
 *  every clean-up of another run. */
export const OTHER_RUN_LEFTOVER = 'wcabc123zzzzzz';

export const SEEDED: SeedData = {
  resellers: [
    {
      username: 'acme',
      email: 'ops@acme.example.com',
      limits: { max_users: 40, max_domains: 80 },
      branding: { company_name: 'Acme Hosting', support_email: 'help@acme.example.com' },
      ips: ['192.0.2.10', '192.0.2.11'],
      nameservers: ['ns1.acme.example.com', 'ns2.acme.example.com'],
      users: ['acmeshop', 'acmeblog'],
    },
    { username: 'globex', email: 'admin@globex.example.net', branding: { company_name: 'Globex' }, ips: ['198.51.100.7'], users: ['globexweb'] },
    // Named like a leftover of another run (prefix "wc" + run ID "abc123").
    { username: OTHER_RUN_LEFTOVER, email: `${OTHER_RUN_LEFTOVER}@example.com`, users: ['leftoveruser'] },
  ],
};

/** A seeded reference server of one test's own, stopped when the test ends
 *  (so concurrent tests never stop each other's). */
export async function serveSeeded(ctx: TestContext): Promise<ReferenceServer> {
  const server = await startReferenceServer({ windowMs: 1000, seed: SEEDED });
  ctx.onTestFinished(() => server.close());
  return server;
}
