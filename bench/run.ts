// npm run bench: the suite against the reference server at the real rate
// limit (60 requests per 60 s per key), as a user runs it: the CLI against a
// panel's URL. Each run gets a fresh server, so a fresh key. Reports, per run
// kind, the requests per key, the 429s, the wall time, the floor (the least
// time the limit allows for those requests) and the ratio.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServer, type LoggedRequest, type ReferenceServer } from '../reference/server.ts';
import { formatDuration } from '../reporters/text.ts';
import { runCli } from '../test/helpers/cli.ts';
import { floorMs } from './floor.ts';
import { ANONYMOUS, bucketsOf } from './server-log.ts';
import { secondClientPath, startSecondClient } from './second-client.ts';

const LIMIT = 60;
const WINDOW_MS = 60_000;

interface RunKind {
  name: string;
  args: string[];
  /** Requests a second client of the admin key spends in every window. */
  share: number;
}

const KINDS: RunKind[] = [
  { name: 'default', args: [], share: 0 },
  { name: 'certify', args: ['--profile', 'certify'], share: 0 },
  { name: 'default, key shared', args: [], share: LIMIT / 2 },
];

interface Row {
  kind: RunKind;
  exit: number | null;
  requests: { admin: number; reseller: number; anonymous: number };
  rateLimited: number;
  wallMs: number;
  floorMs: number;
  other?: { sent: number; rateLimited: number };
}

async function bench(kind: RunKind): Promise<Row> {
  const server = await startReferenceServer({ rateLimit: LIMIT, windowMs: WINDOW_MS });
  const reportDir = mkdtempSync(join(tmpdir(), 'wispanel-bench-'));
  try {
    const other = kind.share ? startSecondClient(server, { share: kind.share, windowMs: WINDOW_MS }) : undefined;
    const started = Date.now();
    const result = await runCli(['--base-url', server.baseUrl, '--token', server.adminToken, '--rate-window-ms', String(WINDOW_MS), '--report', reportDir, ...kind.args]).finally(() => other?.stop());
    const wallMs = Date.now() - started;
    if (result.code !== 0) console.error(result.stdout, result.stderr);
    const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as { rateLimited429s: number };
    return { kind, exit: result.code, ...measure(server, kind.share), rateLimited: report.rateLimited429s, wallMs, other: other && { sent: other.sent, rateLimited: other.rateLimited } };
  } finally {
    await server.close();
    rmSync(reportDir, { recursive: true, force: true });
  }
}

/** Requests per key and the floor, from what the server saw. The run's
 *  floor is that of its slowest key: keys have separate budgets. */
function measure(server: ReferenceServer, share: number): Pick<Row, 'requests' | 'floorMs'> {
  const isRun = (r: LoggedRequest) => !(r.token === server.adminToken && r.path.endsWith(secondClientPath(server)));
  const requests = { admin: 0, reseller: 0, anonymous: 0 };
  let floor = 0;
  for (const [bucket, keyLog] of bucketsOf(server.requestLog)) {
    const key = bucket === server.adminToken ? 'admin' : bucket === ANONYMOUS ? 'anonymous' : 'reseller';
    requests[key] += keyLog.filter(isRun).length;
    floor = Math.max(floor, floorMs({ keyLog, isRun, limit: LIMIT, windowMs: WINDOW_MS, share: key === 'admin' ? share : 0 }));
  }
  return { requests, floorMs: floor };
}

function table(rows: Row[]): string {
  const header = ['run', 'exit', 'admin', 'reseller', 'no key', '429s', 'wall', 'floor', 'wall/floor'];
  const cells = rows.map((r) => [
    r.kind.name + (r.other ? ` (other client: ${r.other.sent} sent, ${r.other.rateLimited} refused)` : ''),
    String(r.exit),
    String(r.requests.admin),
    String(r.requests.reseller),
    String(r.requests.anonymous),
    String(r.rateLimited),
    `${(r.wallMs / 1000).toFixed(1)} s`,
    `${(r.floorMs / 1000).toFixed(1)} s`,
    r.floorMs ? (r.wallMs / r.floorMs).toFixed(2) : '- (fits one window)',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((s, i) => s.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

const rows: Row[] = [];
for (const kind of KINDS) {
  console.error(`bench: ${kind.name} at ${LIMIT} per ${formatDuration(WINDOW_MS)}...`);
  rows.push(await bench(kind));
}
console.log(table(rows));
console.log('requests per key: what the reference server saw from the run (the preflight and clean-up included; the other client excluded).');
console.log('floor: the least time the limit allows for those requests given the first Remaining (bench/floor.ts); wall: the CLI from start to exit.');
