// CLI for the reference server, a dev tool: prints its own test keys.
//   node --import tsx reference/main.ts --port 8080 [--host 127.0.0.1] [--rate 60]
//     [--window-ms 60000] [--limiter fixed|sliding|token-bucket] [--fault NAME]
//     [--tls-key FILE --tls-cert FILE] [--list-faults] [--help]
//   Installed: the wispanel-reference bin (bin/wispanel-reference.mjs).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { faults } from './faults.ts';
import { LIMITER_KINDS, type LimiterKind } from './rate-limit.ts';
import { startReferenceServer, type ReferenceOptions } from './server.ts';

const USAGE =
  'usage: reference/main.ts [--port N] [--host H] [--rate N] [--window-ms N]\n' +
  `                         [--limiter ${LIMITER_KINDS.join('|')}] [--fault NAME]\n` +
  '                         [--tls-key FILE --tls-cert FILE] [--list-faults] [--help]';

function parseOptions(): ReferenceOptions | 'list-faults' | 'help' {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      rate: { type: 'string' },
      'window-ms': { type: 'string' },
      limiter: { type: 'string' },
      fault: { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-cert': { type: 'string' },
      'list-faults': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values['list-faults']) return 'list-faults';
  if ((values['tls-key'] === undefined) !== (values['tls-cert'] === undefined)) {
    throw new Error('--tls-key and --tls-cert go together');
  }
  return {
    host: values.host,
    port: integerFlag('--port', values.port),
    rateLimit: integerFlag('--rate', values.rate),
    windowMs: integerFlag('--window-ms', values['window-ms']),
    limiter: limiterFlag(values.limiter),
    fault: values.fault,
    tls:
      values['tls-key'] && values['tls-cert']
        ? { key: readFileSync(values['tls-key']), cert: readFileSync(values['tls-cert']) }
        : undefined,
  };
}

function integerFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`${flag} must be a non-negative integer, got '${value}'`);
  return Number(value);
}

function limiterFlag(value: string | undefined): LimiterKind | undefined {
  if (value === undefined) return undefined;
  if (!(LIMITER_KINDS as readonly string[]).includes(value)) throw new Error(`--limiter must be one of ${LIMITER_KINDS.join(', ')}, got '${value}'`);
  return value as LimiterKind;
}

function listFaults(): void {
  const width = Math.max(...Object.keys(faults).map((name) => name.length));
  const rows = Object.entries(faults).map(
    ([name, { family, description }]) => `${name.padEnd(width)}  ${family.padEnd(14)}  ${description}`,
  );
  console.log(rows.join('\n'));
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions();
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'list-faults') return listFaults();
  if (options === 'help') return console.log(USAGE);

  const server = await startReferenceServer(options);
  console.log(`WisPanel reference server${options.fault ? ` (fault: ${options.fault})` : ''}${options.limiter ? ` (${options.limiter} rate limiter)` : ''}`);
  console.log(`  base URL      ${server.baseUrl}`);
  console.log(`  admin key     ${server.adminToken}`);
  console.log(`  reseller key  ${server.resellerToken}  (${server.resellerUsername})`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exitCode = 1;
});
