/**
 * Keystone credentials (keystone/credential/core.py and keystone/api/credentials.py) and the
 * OS-EC2 view of the ec2 ones (keystone/api/users.py UserOSEC2Credentials*): a blob of a type
 * for a user, optionally on a project. An ec2 credential's blob is JSON with an access key, and
 * its id is the sha256 of that key, so the OS-EC2 routes find it by access key and a second one
 * with the same key is a 409 (the primary key decides). Tokens made through a trust or from an
 * application credential may not touch credentials at all.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import {
  credentialKeyImmutable,
  credentialNotFound,
  delegatedCredentialAccess,
  duplicateId,
  invalidCredentialBlob,
  missingAttribute,
  projectNotFound,
  unauthorized,
} from '../../domain/identity/errors.js';
import { authorize } from '../../policy/check.js';
import { newHexId } from '../../lib/ids.js';
import * as repo from '../../store/repositories/credential-repository.js';
import { IdentityAdminService } from './identity-admin-service.js';

export type { CredentialRow } from '../../store/repositories/credential-repository.js';

export interface CredentialInput {
  blob?: string;
  type?: string;
  user_id?: string;
  project_id?: string;
  id?: string;
  [extra: string]: unknown;
}

/** the OS-EC2 shape of an ec2 credential */
export interface Ec2Credential {
  user_id: string;
  tenant_id: string | null;
  access: unknown;
  secret: unknown;
  trust_id: unknown;
}

const EC2 = 'ec2';
const OWN = ['id', 'blob', 'type', 'user_id', 'project_id'];
export const hashAccessKey = (access: string): string => createHash('sha256').update(access, 'utf8').digest('hex');

function parseBlob(blob: string | undefined): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(blob ?? '');
  } catch {
    throw invalidCredentialBlob();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.keys(parsed).length === 0)
    throw missingAttribute('blob', 'credential');
  const b = parsed as Record<string, unknown>;
  if (b.access === undefined || b.access === null) throw missingAttribute('access', 'credential');
  return b;
}

export function ec2View(row: repo.CredentialRow): Ec2Credential {
  let blob: Record<string, unknown> = {};
  try {
    blob = JSON.parse(row.blob) as Record<string, unknown>;
  } catch {
    // a non-JSON blob shows no keys
  }
  return {
    user_id: row.user_id,
    tenant_id: row.project_id,
    access: blob.access ?? null,
    secret: blob.secret ?? null,
    trust_id: blob.trust_id ?? null,
  };
}

export class CredentialService {
  private readonly admin: IdentityAdminService;
  constructor(private readonly rt: Runtime) {
    this.admin = new IdentityAdminService(rt);
  }

  private get db() {
    return this.rt.store.db;
  }

  private trustId(ctx: RequestContext): string | null {
    return this.rt.tokens.decode(ctx.authToken)?.trustId ?? null;
  }

  /** keystone _require_primary_auth: no trust-scoped or application credential tokens */
  assertPrimaryAuth(ctx: RequestContext): void {
    if (this.trustId(ctx) || ctx.appCred || ctx.methods.includes('application_credential'))
      throw delegatedCredentialAccess();
  }

  /** the credential, or undefined (policy targets look before the 404 is decided) */
  async find(id: string): Promise<repo.CredentialRow | undefined> {
    return repo.findCredential(this.db, id);
  }

  async getById(id: string): Promise<repo.CredentialRow> {
    const row = await repo.findCredential(this.db, id);
    if (!row) throw credentialNotFound(id);
    return row;
  }

  async get(ctx: RequestContext, id: string): Promise<repo.CredentialRow> {
    const row = await this.getById(id);
    this.assertPrimaryAuth(ctx);
    return row;
  }

  /** every credential matching the filters that the caller may see (admin: all; others: their own) */
  async list(ctx: RequestContext, f: { userId?: string; type?: string }): Promise<repo.CredentialRow[]> {
    const rows = await repo.listCredentials(this.db, f);
    if (this.trustId(ctx) || ctx.appCred || ctx.methods.includes('application_credential')) return [];
    return ctx.isAdmin ? rows : rows.filter((r) => r.user_id === ctx.userId);
  }

  async create(ctx: RequestContext, input: CredentialInput): Promise<repo.CredentialRow> {
    this.assertPrimaryAuth(ctx);
    let id = newHexId();
    if ((input.type ?? '').toLowerCase() === EC2) {
      const b = parseBlob(input.blob);
      id = hashAccessKey(String(b.access));
    }
    const extra = Object.fromEntries(Object.entries(input).filter(([k]) => !OWN.includes(k)));
    const row: repo.CredentialRow = {
      id,
      user_id: input.user_id as string,
      project_id: input.project_id ?? null,
      type: input.type as string,
      blob: input.blob as string,
      extra: JSON.stringify(extra),
      created_at: this.rt.clock().toISOString(),
    };
    try {
      await repo.insertCredential(this.db, row);
    } catch (e) {
      if (this.rt.store.adapter.isUniqueViolation(e)) throw duplicateId('credential', id);
      throw e;
    }
    return row;
  }

  /**
   * PATCH: blob, project_id, type (and extra properties); an ec2 blob must stay JSON with an
   * access key and keep its trust/app cred/access scope keys; the owner rule is checked on the
   * merged credential (a user may not hand their credential to someone else).
   */
  async update(ctx: RequestContext, id: string, patch: CredentialInput): Promise<repo.CredentialRow> {
    const current = await this.get(ctx, id);
    if ((current.type ?? '').toLowerCase() === EC2 && patch.blob !== undefined) {
      const next = parseBlob(patch.blob);
      let old: Record<string, unknown> = {};
      try {
        old = JSON.parse(current.blob) as Record<string, unknown>;
      } catch {
        // an unparsable stored blob has no scope keys
      }
      for (const key of ['trust_id', 'app_cred_id', 'access_token_id', 'access_id'])
        if ((old[key] ?? null) !== (next[key] ?? null)) throw credentialKeyImmutable(key);
    }
    // Keystone checks the rule again on the credential as it would be
    authorize(ctx, 'identity:update_credential', { user_id: patch.user_id ?? current.user_id });
    const set: Parameters<typeof repo.updateCredential>[2] = {};
    if (patch.blob !== undefined) set.blob = patch.blob;
    if (patch.type !== undefined) set.type = patch.type;
    if (patch.project_id !== undefined) set.project_id = patch.project_id;
    if (patch.user_id !== undefined) set.user_id = patch.user_id;
    const extra = Object.fromEntries(Object.entries(patch).filter(([k]) => !OWN.includes(k)));
    if (Object.keys(extra).length > 0)
      set.extra = JSON.stringify({ ...(JSON.parse(current.extra) as Record<string, unknown>), ...extra });
    if ((await repo.updateCredential(this.db, id, set)) === 0) throw credentialNotFound(id);
    return this.get(ctx, id);
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    await this.get(ctx, id);
    if ((await repo.deleteCredential(this.db, id)) === 0) throw credentialNotFound(id);
  }

  // ---- OS-EC2

  async ec2List(ctx: RequestContext, userId: string): Promise<repo.CredentialRow[]> {
    this.assertPrimaryAuth(ctx);
    await this.admin.user(userId);
    return repo.listCredentials(this.db, { userId, type: EC2 });
  }

  async ec2Create(ctx: RequestContext, userId: string, tenantId: unknown): Promise<repo.CredentialRow> {
    await this.admin.user(userId);
    if (typeof tenantId !== 'string')
      throw projectNotFound(tenantId === undefined || tenantId === null ? 'None' : JSON.stringify(tenantId));
    await this.admin.project(tenantId);
    this.assertPrimaryAuth(ctx);
    const access = randomUUID().replace(/-/g, '');
    const blob = { access, secret: randomUUID().replace(/-/g, ''), trust_id: null };
    const row: repo.CredentialRow = {
      id: hashAccessKey(access),
      user_id: userId,
      project_id: tenantId,
      type: EC2,
      blob: JSON.stringify(blob),
      extra: '{}',
      created_at: this.rt.clock().toISOString(),
    };
    await repo.insertCredential(this.db, row);
    return row;
  }

  /** by access key; a missing or non-ec2 credential is Keystone's 401 "EC2 access key not found." */
  async ec2Get(ctx: RequestContext, userId: string, access: string): Promise<repo.CredentialRow> {
    await this.admin.user(userId);
    const row = await repo.findCredential(this.db, hashAccessKey(access));
    if (!row || row.type !== EC2) throw unauthorized('EC2 access key not found.');
    this.assertPrimaryAuth(ctx);
    return row;
  }

  async ec2Delete(ctx: RequestContext, userId: string, access: string): Promise<void> {
    const row = await this.ec2Get(ctx, userId, access);
    if ((await repo.deleteCredential(this.db, row.id)) === 0) throw credentialNotFound(row.id);
  }
}
