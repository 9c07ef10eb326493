// A private redis-server for one test: a free loopback port, no persistence
// (--save '' --appendonly no), its own temporary --dir. Redis has no
// "--port 0", so a free port is found by binding a net server to port 0 and
// closing it; if another process takes it meanwhile (EADDRINUSE), another
// port is tried. Needs /usr/bin/redis-server (Debian package redis-server):
// call requireProgram(ctx, 'redis-server', 'redis-server') first.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RedisServer {
  /** redis://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** The running server's pid, undefined while it is stopped. */
  pid(): number | undefined;
  /** SIGTERM, then waits for the exit (SIGKILL after 5 s). Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL (a crash: no goodbye to the clients), waits for the exit. */
  kill(): Promise<void>;
  /** Starts it again, empty, on the same port (stops it first if it runs). */
  restart(): Promise<void>;
}

const READY_TIMEOUT_MS = 5_000;
const PORT_ATTEMPTS = 5;

/** A port nothing listens on right now (it may be taken by the time it is used). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port from the OS');
  return address.port;
}

/** Every server still running when the test process exits is SIGKILLed. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

class AddressInUse extends Error {}

export async function startRedisServer(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'wispanel-redis-'));
  let port = 0;
  let child: ChildProcess | undefined;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      child = await launch(port, dir);
      break;
    } catch (err) {
      if (!(err instanceof AddressInUse) || attempt >= PORT_ATTEMPTS) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const c = child;
    child = undefined;
    if (c === undefined || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill(signal);
    const timer = setTimeout(() => c.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: () => child?.pid,
    async stop() {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => end('SIGKILL'),
    async restart() {
      await end('SIGTERM');
      // The port was ours a moment ago; retry briefly if the OS has not let go.
      for (let attempt = 1; ; attempt++) {
        try {
          child = await launch(port, dir);
          return;
        } catch (err) {
          if (!(err instanceof AddressInUse) || attempt >= PORT_ATTEMPTS) throw err;
          await sleep(200);
        }
      }
    },
  };
}

/** Starts redis-server on `port` and resolves once it answers PING. */
async function launch(port: number, dir: string): Promise<ChildProcess> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s));
  let exited = false;
  child.once('exit', () => {
    exited = true;
    running.delete(child);
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => {});
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) {
      if (/address already in use/i.test(output)) throw new AddressInUse(`port ${port} is taken`);
      throw new Error(`redis-server exited before answering PING:\n${output}`);
    }
    if (await Promise.race([ping(port), spawnError])) return child;
    await sleep(20);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer PING on port ${port} within ${READY_TIMEOUT_MS} ms:\n${output}`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.setEncoding('utf8').on('data', (s: string) => {
      reply += s;
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
