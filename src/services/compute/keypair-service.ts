/**
 * Keypairs (nova/compute/api.py KeypairAPI): the name rules, the key_pairs quota, generating or
 * fingerprinting the public key, and the (user_id, name) uniqueness the database enforces.
 */
import type { Runtime } from '../../runtime.js';
import { DomainError, badRequest, conflict } from '../../domain/errors.js';
import { generateSshKeypair, sshFingerprint, x509Fingerprint } from '../../domain/keypairs/ssh-keys.js';
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
  /** absent: generate an ssh key and return its private half */
  publicKey?: string;
  /** 2.92 allows '@' and '.' in names */
  extendedNameChars: boolean;
  /** the caller's project, whose key_pairs quota applies (the 'default' class without one) */
  projectId?: string | null;
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
    if (kp.type === 'x509') throw badRequest('Keypair data is invalid: x509 keypairs must be imported');
    ({ publicKey, privateKey } = generateSshKeypair('Generated-by-Nova'));
  }
  const fingerprint = kp.type === 'x509' ? x509Fingerprint(publicKey) : sshFingerprint(publicKey);
  if (!fingerprint) throw badRequest('Keypair data is invalid: failed to generate fingerprint');
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
