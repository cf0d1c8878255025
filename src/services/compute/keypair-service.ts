/**
 * Keypairs (nova/compute/api.py KeypairAPI): the name rules, the key_pairs quota, generating or
 * fingerprinting the public key, and the (user_id, name) uniqueness the database enforces.
 */
import type { Runtime } from '../../runtime.js';
import { DomainError, badRequest, conflict } from '../../domain/errors.js';
import { generateSshKeypair, sshFingerprint, x509Fingerprint } from '../../domain/keypairs/ssh-keys.js';
import { generateX509Keypair } from '../../domain/keypairs/x509-cert.js';
import {
  countKeypairs,
  deleteKeypair as deleteKeypairRow,
  findKeypair as findKeypairRow,
  insertKeypair,
  listKeypairs as listKeypairRows,
  type KeypairRow,
} from '../../store/repositories/keypair-queries.js';
import { keypairQuotaExceeded } from '../../domain/compute-errors.js';
import { classQuotas, DEFAULT_CLASS, effectiveQuotas } from './quota-service.js';

export type { KeypairRow };

export const keypairNotFound = (name: string, userId: string): DomainError =>
  new DomainError('KEYPAIR_NOT_FOUND', 404, `Keypair ${name} not found for user ${userId}`);

/** Integer ids as Nova's (Tempest's schema types keypair id as integer). */
let lastId = 0;
function nextId(now: Date): string {
  lastId = Math.max(lastId + 1, now.getTime() * 1000 + Math.floor(Math.random() * 1000));
  return String(lastId);
}

export interface NewKeypair {
  userId: string;
  name: string;
  type: string;
  /** absent: generate a key (ssh, or an x509 certificate) and return its private half */
  publicKey?: string;
  /** 2.92 allows '@' and '.' in names */
  extendedNameChars: boolean;
  /** the caller's project, whose key_pairs quota applies (the 'default' class without one) */
  projectId?: string | null;
}

/**
 * crypto.generate_x509_fingerprint's reason, worded as python-cryptography words a PEM it cannot
 * frame; a framed certificate it cannot parse gets the start of its ASN.1 error only.
 */
function x509Failure(pem: string): string {
  const framed = /-----BEGIN CERTIFICATE-----[\s\S]*-----END CERTIFICATE-----/.test(pem);
  const why = framed
    ? 'error parsing asn1 value'
    : 'Unable to load PEM file. See https://cryptography.io/en/latest/faq/#why-can-t-i-import-my-pem-file for more details. MalformedFraming';
  return `failed to generate X509 fingerprint. Error message: ${why}`;
}

/** KeypairAPI._validate_new_key_pair, then create_key_pair / import_key_pair. */
export async function createKeypair(rt: Runtime, kp: NewKeypair): Promise<{ row: KeypairRow; privateKey?: string }> {
  const safe = kp.extendedNameChars ? /^[a-zA-Z0-9 _\-@.]+$/ : /^[a-zA-Z0-9 _-]+$/;
  if (kp.name.trim() === '')
    throw badRequest('Keypair data is invalid: Keypair name must be string and between 1 and 255 characters long');
  if (!safe.test(kp.name)) throw badRequest('Keypair data is invalid: Keypair name contains unsafe characters');
  const quotas = kp.projectId
    ? await effectiveQuotas(rt, kp.projectId, kp.userId)
    : await classQuotas(rt, DEFAULT_CLASS);
  if (quotas.key_pairs >= 0 && (await countKeypairs(rt.store.db, kp.userId)) >= quotas.key_pairs) {
    throw keypairQuotaExceeded();
  }
  let publicKey = kp.publicKey;
  let privateKey: string | undefined;
  if (publicKey === undefined) {
    ({ publicKey, privateKey } =
      kp.type === 'x509' ? generateX509Keypair(kp.userId, rt.clock()) : generateSshKeypair('Generated-by-Nova'));
  }
  const fingerprint = kp.type === 'x509' ? x509Fingerprint(publicKey) : sshFingerprint(publicKey);
  if (!fingerprint)
    throw badRequest(
      `Keypair data is invalid: ${kp.type === 'x509' ? x509Failure(publicKey) : 'failed to generate fingerprint'}`,
    );
  const now = rt.clock();
  const row: KeypairRow = {
    id: nextId(now),
    user_id: kp.userId,
    name: kp.name,
    type: kp.type,
    public_key: publicKey,
    fingerprint,
    created_at: now.toISOString(),
  };
  try {
    await insertKeypair(rt.store.db, row);
  } catch (err) {
    if (rt.store.adapter.isUniqueViolation(err)) throw conflict(`Key pair '${kp.name}' already exists.`);
    throw err;
  }
  return privateKey ? { row, privateKey } : { row };
}

export function findKeypair(rt: Runtime, userId: string, name: string): Promise<KeypairRow | undefined> {
  return findKeypairRow(rt.store.db, userId, name);
}

/** One page in name order; the marker is a name. */
export function listKeypairs(rt: Runtime, userId: string, limit: number, afterName?: string): Promise<KeypairRow[]> {
  return listKeypairRows(rt.store.db, userId, limit, afterName);
}

export async function deleteKeypair(rt: Runtime, userId: string, name: string): Promise<void> {
  if (!(await deleteKeypairRow(rt.store.db, userId, name))) throw keypairNotFound(name, userId);
}
