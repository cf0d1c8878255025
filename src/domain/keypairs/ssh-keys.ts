/**
 * SSH key material for os-keypairs (nova/crypto.py): RSA generation with the private key as
 * PKCS#1 PEM and the public key in OpenSSH wire format, and the MD5 colon fingerprint Nova
 * computes for ssh keys (generate_fingerprint) — x509 keys use the SHA-1 of the DER certificate.
 */
import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';

function sshString(buf: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(buf.length);
  return Buffer.concat([len, buf]);
}

/** An mpint: big-endian, with a leading zero byte when the top bit is set. */
function mpint(b64url: string): Buffer {
  let b = Buffer.from(b64url, 'base64url');
  if ((b[0] ?? 0) & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return sshString(b);
}

export function generateSshKeypair(comment: string): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(jwk.e), mpint(jwk.n)]);
  return {
    publicKey: `ssh-rsa ${blob.toString('base64')} ${comment}`,
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
  };
}

const SSH_TYPES = [
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
];

/** MD5 fingerprint "aa:bb:…" of an OpenSSH public key line, or null when it does not parse. */
export function sshFingerprint(publicKey: string): string | null {
  const [type, data] = publicKey.trim().split(/\s+/);
  if (type === undefined || data === undefined || !SSH_TYPES.includes(type) || !/^[A-Za-z0-9+/]+=*$/.test(data))
    return null;
  const blob = Buffer.from(data, 'base64');
  if (blob.length < 4) return null;
  const typeLen = blob.readUInt32BE(0);
  if (blob.subarray(4, 4 + typeLen).toString() !== type) return null;
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

export function x509Fingerprint(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint.toLowerCase();
  } catch {
    return null;
  }
}
