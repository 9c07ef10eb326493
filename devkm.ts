// dev: run a few faults quickly through the CLI
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServer } from '/work/wt-detect/reference/server.ts';
import { faults } from '/work/wt-detect/reference/faults.ts';
const args = process.argv.slice(2);
const given = args.includes('--given');
const list = args.filter((a) => !a.startsWith('--'));
const names = list.length ? list : Object.keys(faults);
async function one(fault: string | undefined) {
  const quirk = fault?.startsWith('quirk:') ? fault.slice(6) : undefined;
  const server = await startReferenceServer({ rateLimit: 60, windowMs: 1000, fault: fault === 'none' || quirk ? undefined : fault, quirk });
  const out = mkdtempSync(join(tmpdir(), 'dev-'));
  const cli = ['/work/wt-detect/bin/wispanel-conformance.mjs', '--base-url', server.baseUrl, '--token', server.adminToken, '--profile', 'certify', '--rate-window-ms', '1000', '--seed', '1', '--report', out, ...(given ? ['--reseller-token', server.resellerToken] : [])];
  const code: number = await new Promise((res) => { const p = spawn(process.execPath, cli, { stdio: ['ignore', 'ignore', 'pipe'] }); let e = ''; p.stderr.on('data', (d) => (e += d)); p.on('close', (c) => { if (c === 4 || c === 2) console.log(fault, e.slice(-300)); res(c ?? -1); }); });
  const left = JSON.stringify(server.snapshot()).match(/"wc[a-z0-9]{6}[a-z0-9]*"/g) ?? [];
  if (left.length) console.log(fault, "LEFT", [...new Set(left)].slice(0, 5).join(","));
  await server.close();
  let failing = '', warn = '', skips = '';
  try {
    const r = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    failing = r.requirements.filter((x: any) => x.result === 'failed').map((x: any) => x.id).join(',');
    warn = r.requirements.filter((x: any) => x.result === 'warning').map((x: any) => x.id).join(',');
    skips = r.cases.filter((c: any) => c.outcome === 'skipped' || c.outcome === 'error').map((c: any) => `${c.id}:${c.outcome}:${(c.reason ?? '').slice(0, 60)}`).join(' ; ');
  } catch {}
  console.log(`${(fault ?? '').padEnd(32)} exit ${code} fail[${failing}] warn[${warn}] ${skips ? 'skip/err: ' + skips : ''}`);
}
let i = 0;
await Promise.all(Array.from({ length: 5 }, async () => { while (i < names.length) await one(names[i++]); }));
