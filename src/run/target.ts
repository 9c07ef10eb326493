import type { Config } from '../config/options.ts';

/** The panel a run tests: the one --base-url names, or the embedded
 *  reference server. */
export interface Target {
  baseUrl: string;
  /** The admin key (--token). */
  token: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openTarget(config: Config): Promise<Target> {
  if (config.baseUrl) {
    return { baseUrl: config.baseUrl, token: config.token ?? '', embedded: false, close: async () => {} };
  }
  // Loaded only when needed: a run against a real panel never loads it.
  const { startReferenceServer } = await import('../../reference/server.ts');
  const server = await startReferenceServer({ rateLimit: config.rate, windowMs: config.rateWindowMs, fault: config.referenceFault });
  return { baseUrl: server.baseUrl, token: server.adminToken, embedded: true, close: () => server.close() };
}
