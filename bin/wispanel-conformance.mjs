#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step) through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  // A bug of ours: one line, never a stack trace, exit 4.
  console.error(`wispanel-conformance: internal error: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 4;
}
