import type { Config } from '../config.ts';

export interface Target {
  baseUrl: string;
  adminToken: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** The panel given by --base-url, or the embedded reference server. */
export async function resolveTarget(config: Config): Promise<Target> {
  if (config.baseUrl) {
    return { baseUrl: config.baseUrl, adminToken: config.token ?? '', embedded: false, close: async () => {} };
  }
  // Loaded only when needed: a run against a real panel never loads it.
  const { startReferenceServer } = await import('../../reference/server.ts');
  const server = await startReferenceServer({ rateLimit: config.rate, windowMs: config.rateWindowMs, fault: config.referenceFault });
  return { baseUrl: server.baseUrl, adminToken: server.adminToken, embedded: true, close: () => server.close() };
}
