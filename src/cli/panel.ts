import type { Config } from '../config.ts';

/** The panel a run tests: the one --base-url names, or the embedded
 *  reference server. */
export interface Panel {
  baseUrl: string;
  adminToken: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openPanel(config: Config): Promise<Panel> {
  if (config.baseUrl) {
    return { baseUrl: config.baseUrl, adminToken: config.token ?? '', embedded: false, close: async () => {} };
  }
  // Loaded only when needed: a run against a real panel never loads it.
  const { startReferenceServer } = await import('../../reference/server.ts');
  const server = await startReferenceServer({ rateLimit: config.rate, windowMs: config.rateWindowMs, fault: config.referenceFault });
  return { baseUrl: server.baseUrl, adminToken: server.adminToken, embedded: true, close: () => server.close() };
}
