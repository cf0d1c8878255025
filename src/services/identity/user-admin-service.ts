/**
 * Keystone's users: list, create, update, delete and the self-service password change. Whatever
 * can take access away (disable, password change, delete) revokes the user's tokens, as Keystone
 * does.
 */
import type { Runtime } from '../../runtime.js';
import { domainIdImmutable, domainNotFound, unauthorized, userNotFound } from '../../domain/identity/errors.js';
import { newHexId } from '../../lib/ids.js';
import { TokenRevocationService } from './token-revocation-service.js';
import { AuthMethods } from './auth-methods.js';
import { IdentityAdminService } from './identity-admin-service.js';
import { LockoutService } from './lockout-service.js';
import { PasswordPolicyService } from './password-policy-service.js';
import { extraOf, mergeExtras, withDuplicateCheck } from './identity-writes.js';
import { findDomainById, findUserById, type UserRow } from '../../store/repositories/identity-repository.js';
import * as repo from '../../store/repositories/identity-admin-repository.js';
import * as extrasRepo from '../../store/repositories/identity-extras-repository.js';

export interface UserInput {
  name: string;
  domain_id?: string | null;
  password?: string | null;
  enabled?: boolean;
  email?: string | null;
  description?: string | null;
  default_project_id?: string | null;
  [extra: string]: unknown;
}

export interface UserDetails {
  row: UserRow;
  extra: Record<string, unknown>;
}

// the attributes Keystone's user schema names; anything else is kept as an "extra" property
const USER_FIELDS = new Set([
  'id',
  'name',
  'domain_id',
  'default_project_id',
  'description',
  'enabled',
  'email',
  'password',
  'options',
  'federated',
  'links',
  'password_expires_at',
]);

export class UserAdminService {
  private readonly admin: IdentityAdminService;
  private readonly revocations: TokenRevocationService;
  private readonly methods: AuthMethods;
  private readonly lockout: LockoutService;
  private readonly passwords: PasswordPolicyService;
  constructor(private readonly rt: Runtime) {
    this.admin = new IdentityAdminService(rt);
    this.revocations = new TokenRevocationService(rt);
    this.methods = new AuthMethods(rt);
    this.lockout = new LockoutService(rt);
    this.passwords = new PasswordPolicyService(rt);
  }

  private get db() {
    return this.rt.store.db;
  }

  async userDetails(rows: readonly UserRow[]): Promise<UserDetails[]> {
    const extra = await extrasRepo.extras(
      this.db,
      'user',
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({ row, extra: extra.get(row.id) ?? {} }));
  }

  async listUsers(filter: repo.ListFilter): Promise<UserRow[]> {
    return repo.listUsers(this.db, filter);
  }

  async createUser(input: UserInput, defaultDomainId: string): Promise<UserRow> {
    const domainId = input.domain_id ?? defaultDomainId;
    if (!(await findDomainById(this.db, domainId))) throw domainNotFound(domainId);
    if (input.password) this.passwords.checkRequirements(input.password);
    const row: UserRow = {
      id: newHexId(),
      name: input.name,
      domain_id: domainId,
      password_hash: null,
      enabled: input.enabled === false ? 0 : 1,
      email: input.email ?? null,
      description: input.description ?? null,
      default_project_id: input.default_project_id ?? null,
      password_expires_at: null,
      created_at: this.rt.clock().toISOString(),
    };
    const extra = extraOf(input, USER_FIELDS);
    await withDuplicateCheck(
      this.rt,

      () =>
        this.rt.store.transaction(async (trx) => {
          await repo.insertUser(trx, row);
          if (input.password) {
            const { hash, expiresAt } = await this.passwords.record(trx, row.id, input.password, false);
            row.password_hash = hash;
            row.password_expires_at = expiresAt;
            await repo.updateUser(trx, row.id, { password_hash: hash, password_expires_at: expiresAt });
          }
          if (Object.keys(extra).length > 0) await extrasRepo.setExtras(trx, 'user', row.id, extra);
        }),
      'user',
      row.name,
      domainId,
    );
    return row;
  }

  async updateUser(id: string, patch: Partial<UserInput>): Promise<UserRow> {
    const before = await this.admin.user(id);
    // keystone/identity/core.py update_user refuses to move a user between domains
    if (patch.domain_id !== undefined && patch.domain_id !== before.domain_id) throw domainIdImmutable();
    const set: repo.UserPatch = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.enabled !== undefined) set.enabled = patch.enabled ? 1 : 0;
    if (patch.password) this.passwords.checkRequirements(patch.password);
    if (patch.password === null) Object.assign(set, { password_hash: null, password_expires_at: null });
    if (patch.email !== undefined) set.email = patch.email;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.default_project_id !== undefined) set.default_project_id = patch.default_project_id;
    const extra = extraOf(patch, USER_FIELDS);
    await withDuplicateCheck(
      this.rt,

      () =>
        this.rt.store.transaction(async (trx) => {
          // an admin reset: the password rules but not the history or age ones (Keystone's)
          if (patch.password) {
            const { hash, expiresAt } = await this.passwords.record(trx, id, patch.password, false);
            Object.assign(set, { password_hash: hash, password_expires_at: expiresAt });
          }
          await repo.updateUser(trx, id, set);
          if (Object.keys(extra).length > 0) await mergeExtras(trx, 'user', id, extra);
          // Keystone's update_user re-sets every attribute, and setting enabled=true clears the
          // failed-login count: any update that leaves the user enabled unlocks it
          if ((patch.enabled ?? before.enabled === 1) === true) await this.lockout.unlock(trx, id);
        }),
      'user',
      patch.name ?? before.name,
      patch.domain_id ?? null,
    );
    if ((before.enabled && patch.enabled === false) || patch.password !== undefined)
      await this.revocations.revokeUserTokens(id);
    return this.admin.user(id);
  }

  /** Self-service password change (POST /v3/users/{id}/password); 401 unless the old password matches. */
  async changePassword(id: string, original: string, password: string): Promise<void> {
    // keystone: an unknown user is an AssertionError like a wrong password → the same 401;
    // the original password is checked like a login's, lockout included
    const user = await findUserById(this.db, id);
    if (!user) throw unauthorized();
    await this.methods.checkPassword(user, original);
    if (!user.enabled) throw unauthorized();
    // an expired password may still be changed: that is how it stops being expired
    await this.rt.store.transaction(async (trx) => {
      await this.passwords.checkSelfServiceChange(trx, user, password);
      const { hash, expiresAt } = await this.passwords.record(trx, id, password, true);
      await repo.updateUser(trx, id, { password_hash: hash, password_expires_at: expiresAt });
    });
    await this.revocations.revokeUserTokens(id);
  }

  async deleteUser(id: string): Promise<void> {
    await this.admin.user(id);
    await this.revocations.revokeUserTokens(id);
    await this.rt.store.transaction(async (trx) => {
      await extrasRepo.deleteExtras(trx, 'user', id);
      if ((await repo.deleteUser(trx, id)) === 0) throw userNotFound(id);
    });
  }
}
