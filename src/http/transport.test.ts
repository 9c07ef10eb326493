// The transport on its own: every way a request can fail becomes one
// TransportError of the right kind with a message a user can act on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDispatcher, readCaFile, sendRaw, TransportError } from './transport.ts';
import { startFaultProxy, startLocalServer, type FaultProxy } from '../../test/helpers/local-server.ts';
import { makeSelfSignedCert, type SelfSigned } from '../../test/helpers/tls.ts';

const TIMEOUT_MS = 500;
const plain = createDispatcher({}, TIMEOUT_MS);

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransportError);
  return err as TransportError;
}

const get = (url: string, dispatcher = plain) => sendRaw(dispatcher, { method: 'GET', url, headers: {} }, TIMEOUT_MS);

describe('a misbehaving HTTP server', () => {
  let server: FaultProxy;
  beforeAll(async () => {
    // No upstream: every path used here misbehaves.
    server = await startFaultProxy('http://127.0.0.1:9', [
      { method: 'GET', path: /^\/hang$/, misbehaviour: 'hang' },
      { method: 'GET', path: /^\/reset$/, misbehaviour: 'reset' },
      { method: 'GET', path: /^\/truncated$/, misbehaviour: 'truncated' },
      { method: 'GET', path: /^\/garbage$/, misbehaviour: 'garbage' },
    ]);
  });
  afterAll(() => server.close());

  test('a hanging endpoint ends in a timeout after the per-request limit', async () => {
    const t0 = Date.now();
    const err = await failure(get(`${server.origin}/hang`));
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe('no complete response within 0.5 s');
    expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS + 1000);
  });

  test("cancelled, requests in flight end at once with the signal's reason, and so does one sent after", async () => {
    const cancel = new AbortController();
    const hang = { method: 'GET', url: `${server.origin}/hang`, headers: {} };
    const t0 = Date.now();
    const inFlight = [sendRaw(plain, hang, 10_000, cancel.signal), sendRaw(plain, hang, 10_000, cancel.signal)];
    const reason = new Error('run cancelled');
    setTimeout(() => cancel.abort(reason), 100);
    for (const request of inFlight) await expect(request).rejects.toBe(reason);
    expect(Date.now() - t0).toBeLessThan(5_000);
    await expect(sendRaw(plain, hang, 10_000, cancel.signal)).rejects.toBe(reason);
  });

  test('a reset before any answer is a network failure', async () => {
    const err = await failure(get(`${server.origin}/reset`));
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/^connection (reset|closed by the server) \((ECONNRESET|UND_ERR_SOCKET)\)$/);
  });

  test('a body cut short keeps the status and the byte count as evidence', async () => {
    const err = await failure(get(`${server.origin}/truncated`));
    expect(err.kind).toBe('body');
    expect(err.message).toMatch(/^response cut short: status 200, \d+ of \d+ body bytes, then connection/);
  });

  test('a garbage body is an answer, left to the checks to judge', async () => {
    const res = await get(`${server.origin}/garbage`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('garbage {not json');
  });
});

describe('an endless body', () => {
  test('is cut at 16 MiB, not buffered: the answer stands with what came, and the next request is served', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const server = await startLocalServer((req, res) => {
      if (req.url === '/small') return res.end('{"ok":true}');
      res.writeHead(200, { 'content-type': 'application/json' });
      const more = () => {
        while (res.write(chunk));
      };
      res.on('drain', more);
      more();
    });
    try {
      const res = await get(`${server.origin}/endless`);
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(16 * 1024 * 1024);
      expect((await get(`${server.origin}/small`)).body).toBe('{"ok":true}');
    } finally {
      await server.close();
    }
  });
});

describe('no server', () => {
  test('nothing listening: connection refused', async () => {
    const closed = await startLocalServer(() => {});
    await closed.close();
    const err = await failure(get(`${closed.origin}/`));
    expect(err.kind).toBe('network');
    expect(err.message).toBe('connection refused: nothing listening (ECONNREFUSED)');
  });

  test('an unknown host name (DNS failure), without touching DNS', async () => {
    const noDns = new Agent({
      connect: (_opts, callback) => callback(Object.assign(new Error('getaddrinfo ENOTFOUND panel.invalid'), { code: 'ENOTFOUND' }), null),
    });
    const err = await failure(get('http://panel.invalid/api/v1/auth/me', noDns));
    expect(err.kind).toBe('network');
    expect(err.message).toBe('host name not found (ENOTFOUND)');
  });
});

describe('HTTPS with a self-signed certificate', () => {
  let dir: string;
  let cert: SelfSigned;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wispanel-transport-'));
    cert = makeSelfSignedCert(dir);
    server = createServer({ key: cert.key, cert: cert.cert }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  test('is refused by default, as an untrusted certificate', async () => {
    const err = await failure(get(url));
    expect(err.kind).toBe('tls');
    expect(err.message).toBe('certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)');
  });

  test('is trusted with its CA file', async () => {
    const res = await get(url, createDispatcher({ caFile: cert.certFile }, TIMEOUT_MS));
    expect(res.status).toBe(200);
  });

  test('is accepted without verification when asked (--insecure)', async () => {
    const res = await get(url, createDispatcher({ insecure: true }, TIMEOUT_MS));
    expect(res.status).toBe(200);
  });

  test('an unusable CA file is named with the flag, not ignored', () => {
    expect(() => readCaFile(join(dir, 'missing.pem'))).toThrow(/^--ca-file accepts a readable PEM file, cannot read .*missing\.pem \(ENOENT\)$/);
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'not a certificate\n');
    expect(() => readCaFile(notPem)).toThrow(/^--ca-file accepts a PEM file with a CERTIFICATE block, .*not\.pem has none$/);
  });
});
