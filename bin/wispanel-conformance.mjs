#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step) through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  // A bug of ours: one line, never a stack trace, no key, exit 4.
  const { createRedactor } = await import('../src/http/redact.ts');
  const redact = createRedactor([process.env.WISPANEL_TOKEN, process.env.WISPANEL_RESELLER_TOKEN]);
  const message = err instanceof Error ? err.message : String(err);
  console.error(`wispanel-conformance: internal error: ${redact(message.split('\n')[0])}`);
  process.exitCode = 4;
}
