#!/usr/bin/env node
// The CLI: src/cli/main.ts, as source in a checkout or as dist/ JavaScript in
// the installed package (see import-product.mjs).
import { once } from 'node:events';
import { importProduct } from './import-product.mjs';

const { main } = await importProduct('src/cli/main');
let code;
try {
  code = await main(process.argv.slice(2));
} catch (err) {
  // A bug of ours: one line, never a stack trace, no key, exit 4.
  const { createRedactor } = await importProduct('src/http/redact');
  const redact = createRedactor([process.env.WISPANEL_TOKEN, process.env.WISPANEL_RESELLER_TOKEN]);
  const message = err instanceof Error ? err.message : String(err);
  console.error(`wispanel-conformance: internal error: ${redact(message.split('\n')[0])}`);
  code = 4;
}
// Exit explicitly once the output is out: a cancelled vitest run may still
// settle after main returned, and would set its own exit code (1) or keep
// the process alive.
for (const stream of [process.stdout, process.stderr]) if (stream.writableNeedDrain) await once(stream, 'drain');
process.exit(code);
