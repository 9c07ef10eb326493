// CLI for the reference server, a dev tool: prints its own test keys.
//   node --import tsx reference/main.ts --port 8080 [options]; --help lists them.
//   Installed: the wispanel-reference bin (bin/wispanel-reference.mjs).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { faults } from './faults.ts';
import { quirks } from './quirks.ts';
import { LIMITER_KINDS, type LimiterKind } from './rate-limit.ts';
import { startReferenceServer, type ReferenceOptions } from './server.ts';

const USAGE =
  'usage: wispanel-reference [--port N] [--host H] [--rate N] [--window-ms N]\n' +
  `                         [--limiter ${LIMITER_KINDS.join('|')}] [--latency-ms N] [--fault NAME]\n` +
  '                         [--quirk NAME] [--second-client-edits MS] [--proxy-503-every N]\n' +
  '                         [--rolling-restart-ms MS] [--large-seed N]\n' +
  '                         [--tls-key FILE --tls-cert FILE]\n' +
  '                         [--list-faults] [--list-quirks] [--help]';

const HELP = `${USAGE}

  --port N            listen on port N (default 0: a free one)
  --host H            listen on H (default 127.0.0.1)
  --rate N            requests per window per key (default 60)
  --window-ms N       rate-limit window in ms (default 60000)
  --limiter KIND      how the limit is counted: ${LIMITER_KINDS.join(', ')} (default fixed)
  --latency-ms N      hold every answer back N ms (errors and 429s too), as a
                      distant panel would (default 0)
  --fault NAME        run with one fault of the catalogue
  --quirk NAME        run as one conforming variant (valid answers hostile to
                      careless clients)
  --second-client-edits MS
                      another integration edits a seeded reseller (never
                      partner1) every MS ms: max_users + 1, a new branding
                      company_name; seeds two resellers for it (default 0: off)
  --proxy-503-every N a front proxy answers every Nth request with its HTML
                      503 and Retry-After: 1, unseen by the panel (default 0: off)
  --rolling-restart-ms MS
                      after the first 30 requests, the front proxy answers
                      every request with its 503 for MS ms (default 0: off)
  --large-seed N      seed N more resellers (bulk1, ...) with non-ASCII
                      company names, two IPs and two nameservers each
                      (default 0)
  --tls-key FILE, --tls-cert FILE
                      serve HTTPS with this key and certificate
  --list-faults       list the fault catalogue and exit
  --list-quirks       list the quirks and exit
  --help              show this help and exit`;

function parseOptions(): ReferenceOptions | 'list-faults' | 'list-quirks' | 'help' {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      rate: { type: 'string' },
      'window-ms': { type: 'string' },
      limiter: { type: 'string' },
      fault: { type: 'string' },
      quirk: { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-cert': { type: 'string' },
      'latency-ms': { type: 'string' },
      'second-client-edits': { type: 'string' },
      'proxy-503-every': { type: 'string' },
      'rolling-restart-ms': { type: 'string' },
      'large-seed': { type: 'string' },
      'list-faults': { type: 'boolean' },
      'list-quirks': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  if (values['list-faults']) return 'list-faults';
  if (values['list-quirks']) return 'list-quirks';
  if ((values['tls-key'] === undefined) !== (values['tls-cert'] === undefined)) {
    throw new Error('--tls-key and --tls-cert go together');
  }
  return {
    host: values.host,
    port: integerFlag('--port', values.port),
    rateLimit: integerFlag('--rate', values.rate),
    windowMs: integerFlag('--window-ms', values['window-ms']),
    limiter: limiterFlag(values.limiter),
    latencyMs: integerFlag('--latency-ms', values['latency-ms']),
    fault: values.fault,
    quirk: values.quirk,
    secondClientEdits: integerFlag('--second-client-edits', values['second-client-edits']),
    proxy503Every: integerFlag('--proxy-503-every', values['proxy-503-every']),
    rollingRestartMs: integerFlag('--rolling-restart-ms', values['rolling-restart-ms']),
    largeSeed: integerFlag('--large-seed', values['large-seed']),
    tls: values['tls-key'] && values['tls-cert'] ? { key: readFileSync(values['tls-key']), cert: readFileSync(values['tls-cert']) } : undefined,
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

/** Rows of [name, ...columns], the last one free-width. */
function printTable(rows: string[][]): void {
  const widths = rows[0]?.slice(0, -1).map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
  console.log(rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')).join('\n'));
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
  if (options === 'help') return console.log(HELP);
  if (options === 'list-faults') return printTable(Object.entries(faults).map(([name, f]) => [name, f.family, f.description]));
  if (options === 'list-quirks') return printTable(Object.entries(quirks).map(([name, description]) => [name, description]));

  const server = await startReferenceServer(options);
  const notes = [
    options.fault && `fault: ${options.fault}`,
    options.quirk && `quirk: ${options.quirk}`,
    options.limiter && `${options.limiter} rate limiter`,
    options.latencyMs && `${options.latencyMs} ms latency`,
    options.secondClientEdits && `another client edits every ${options.secondClientEdits} ms`,
    options.proxy503Every && `proxy 503 every ${options.proxy503Every} requests`,
    options.rollingRestartMs && `${options.rollingRestartMs} ms rolling restart after 30 requests`,
    options.largeSeed && `${options.largeSeed} more resellers`,
  ].filter(Boolean);
  console.log(`WisPanel reference server${notes.map((note) => ` (${note})`).join('')}`);
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
