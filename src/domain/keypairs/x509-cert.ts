/**
 * Nova's generated x509 keypair (nova/crypto.py generate_winrm_x509_cert): a self-signed RSA-2048
 * certificate for CN=<user id>, valid 3650 days, with the clientAuth extended key usage and the
 * user principal name <user id>@localhost as subjectAltName otherName (what WinRM certificate
 * authentication reads), and as private key the base64 of a PKCS#12 bundle of key and certificate
 * with an empty password (`openssl pkcs12 -export -password pass:`).
 *
 * node's crypto signs but cannot build certificates, so the DER is written here: only the few
 * ASN.1 types these two structures use.
 */
import { createHash, createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

// ── DER ──────────────────────────────────────────────────────────────────────────────────────

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, content]);
}

const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
/** [n] EXPLICIT (constructed context-specific) */
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);

/** a non-negative INTEGER from its big-endian magnitude */
function uint(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const m = b.subarray(i);
  return tlv(0x02, (m[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), m]) : m);
}
const smallInt = (n: number): Buffer => uint(Buffer.from([(n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255]));

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = parts;
  const out = [40 * a + b];
  for (const p of rest) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime through 2049, GeneralizedTime after (RFC 5280 4.1.2.5) */
function time(d: Date): Buffer {
  const iso = d.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`))
    : tlv(0x18, Buffer.from(`${digits}Z`));
}

/** [content start, content end) of the TLV at `at` */
function span(der: Buffer, at: number): [number, number] {
  const first = der[at + 1] ?? 0;
  if (first < 0x80) return [at + 2, at + 2 + first];
  let n = 0;
  const count = first & 0x7f;
  for (let i = 0; i < count; i++) n = n * 256 + (der[at + 2 + i] ?? 0);
  return [at + 2 + count, at + 2 + count + n];
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits (what openssl's subjectKeyIdentifier=hash writes) */
function keyIdentifier(spki: Buffer): Buffer {
  const [body] = span(spki, 0);
  const [, algEnd] = span(spki, body);
  const [bits, bitsEnd] = span(spki, algEnd);
  return createHash('sha1')
    .update(spki.subarray(bits + 1, bitsEnd))
    .digest();
}

const OID = {
  sha256WithRSA: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  extKeyUsage: '2.5.29.37',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  msUpn: '1.3.6.1.4.1.311.20.2.3',
  data: '1.2.840.113549.1.7.1',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  localKeyId: '1.2.840.113549.1.9.21',
  sha256: '2.16.840.1.101.3.4.2.1',
};

// ── the certificate ──────────────────────────────────────────────────────────────────────────

const VALID_DAYS = 3650;

function certificateDer(userId: string, publicKey: KeyObject, privateKey: KeyObject, now: Date): Buffer {
  const algorithm = seq(oid(OID.sha256WithRSA), nullValue());
  const name = seq(set(seq(oid(OID.commonName), utf8(userId))));
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  // otherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT ANY }, itself [0] IMPLICIT in GeneralNames
  const upn = tlv(0xa0, Buffer.concat([oid(OID.msUpn), explicit(0, utf8(`${userId}@localhost`))]));
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // the extensions of Nova's v3_req_client section, then the key identifier OpenSSL 3 adds
  const extensions = explicit(
    3,
    seq(
      seq(oid(OID.extKeyUsage), octets(seq(oid(OID.clientAuth)))),
      seq(oid(OID.subjectAltName), octets(seq(upn))),
      seq(oid(OID.subjectKeyIdentifier), octets(octets(keyIdentifier(spki)))),
    ),
  );
  const tbs = seq(
    explicit(0, smallInt(2)),
    uint(serial),
    algorithm,
    name,
    seq(time(now), time(new Date(now.getTime() + VALID_DAYS * 86_400_000))),
    name,
    spki,
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey);
  return seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

function pem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

// ── PKCS#12 ──────────────────────────────────────────────────────────────────────────────────

/** RFC 7292 appendix B.2 with SHA-256 (v = 64), for the MAC key (id 3) */
function pkcs12Kdf(password: Buffer, salt: Buffer, id: number, iterations: number, size: number): Buffer {
  const v = 64;
  const fill = (b: Buffer): Buffer => {
    if (b.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(b.length / v));
    for (let i = 0; i < out.length; i++) out[i] = b[i % b.length] ?? 0;
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([fill(salt), fill(password)]);
  const blocks: Buffer[] = [];
  for (let got = 0; got < size;) {
    let A = createHash('sha256').update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash('sha256').update(A).digest();
    blocks.push(A);
    got += A.length;
    const B = fill(A);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (I[j + k] ?? 0) + (B[k] ?? 0) + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, size);
}

const MAC_ITERATIONS = 2048;

/**
 * PFX v3 with one unencrypted SafeContents (the certificate and the PKCS#8 key, tied by a
 * localKeyId) and an HMAC-SHA256 integrity check under the empty password (OpenSSL encodes ""
 * as the BMPString terminator 00 00).
 */
function pkcs12(certDer: Buffer, privateKey: KeyObject): Buffer {
  const keyId = set(seq(oid(OID.localKeyId), set(octets(createHash('sha1').update(certDer).digest()))));
  const certBag = seq(
    oid(OID.certBag),
    explicit(0, seq(oid(OID.x509Certificate), explicit(0, octets(certDer)))),
    keyId,
  );
  const keyBag = seq(oid(OID.keyBag), explicit(0, privateKey.export({ type: 'pkcs8', format: 'der' })), keyId);
  const authSafe = seq(seq(oid(OID.data), explicit(0, octets(seq(certBag, keyBag)))));
  const salt = randomBytes(8);
  const macKey = pkcs12Kdf(Buffer.from([0, 0]), salt, 3, MAC_ITERATIONS, 32);
  const mac = createHmac('sha256', macKey).update(authSafe).digest();
  return seq(
    smallInt(3),
    seq(oid(OID.data), explicit(0, octets(authSafe))),
    seq(seq(seq(oid(OID.sha256), nullValue()), octets(mac)), octets(salt), smallInt(MAC_ITERATIONS)),
  );
}

/** generate_winrm_x509_cert: [base64 PKCS#12 private key, PEM certificate] */
export function generateX509Keypair(userId: string, now: Date): { privateKey: string; publicKey: string } {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = certificateDer(userId, keys.publicKey, keys.privateKey, now);
  return { privateKey: pkcs12(der, keys.privateKey).toString('base64'), publicKey: pem(der) };
}
