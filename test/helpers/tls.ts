// A self-signed certificate for 127.0.0.1, built with node's crypto: Node can
// sign but not issue certificates, so the few DER fields are written here,
// and the tests need no openssl.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SelfSigned {
  key: Buffer;
  cert: Buffer;
  certFile: string;
}

/** One DER element: tag, definite length, content. */
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

const SEQUENCE = 0x30;
const hex = (bytes: string) => Buffer.from(bytes.replace(/ /g, ''), 'hex');
const ECDSA_WITH_SHA256 = der(SEQUENCE, hex('06 08 2a 86 48 ce 3d 04 03 02'));
const COMMON_NAME = hex('06 03 55 04 03');
const SUBJECT_ALT_NAME = hex('06 03 55 1d 11');

/** X.509 UTCTime, YYMMDDhhmmssZ. */
function utcTime(date: Date): Buffer {
  return der(
    0x17,
    Buffer.from(
      date
        .toISOString()
        .replace(/[-:T]|\.\d+/g, '')
        .slice(2),
    ),
  );
}

/** Writes cert.pem into `dir`; the certificate is valid for a day. */
export function makeSelfSignedCert(dir: string): SelfSigned {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = der(SEQUENCE, der(0x31, der(SEQUENCE, COMMON_NAME, der(0x0c, Buffer.from('127.0.0.1')))));
  const now = Date.now();
  const tbs = der(
    SEQUENCE,
    der(0xa0, der(0x02, Buffer.from([2]))), // version 3
    der(0x02, Buffer.concat([Buffer.from([1]), randomBytes(8)])), // positive serial
    ECDSA_WITH_SHA256,
    name,
    der(SEQUENCE, utcTime(new Date(now - 60_000)), utcTime(new Date(now + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    // extensions: subjectAltName IP:127.0.0.1
    der(0xa3, der(SEQUENCE, der(SEQUENCE, SUBJECT_ALT_NAME, der(0x04, der(SEQUENCE, der(0x87, Buffer.from([127, 0, 0, 1]))))))),
  );
  const signature = sign('sha256', tbs, privateKey);
  const body = der(SEQUENCE, tbs, ECDSA_WITH_SHA256, der(0x03, Buffer.from([0]), signature));
  const pem = `-----BEGIN CERTIFICATE-----\n${body
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END CERTIFICATE-----\n`;
  const certFile = join(dir, 'cert.pem');
  writeFileSync(certFile, pem);
  return { key: Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' })), cert: Buffer.from(pem), certFile };
}
