/**
 * Keystone's roles: global or domain-specific, names unique within their domain. Deleting a role
 * revokes its holders' tokens and forgets every cached token's roles, since the rules it implied
 * go with it.
 */
import type { Runtime } from '../../runtime.js';
import { roleDomainImmutable, roleNotFound } from '../../domain/identity/errors.js';
import { newHexId } from '../../lib/ids.js';
import { TokenRevocationService } from './token-revocation-service.js';
import { IdentityAdminService } from './identity-admin-service.js';
import { withDuplicateCheck } from './identity-writes.js';
import type { RoleRow } from '../../store/repositories/identity-repository.js';
import * as repo from '../../store/repositories/identity-admin-repository.js';
import { userIdsWithScopedRole } from '../../store/repositories/scoped-grant-repository.js';

export class RoleAdminService {
  private readonly admin: IdentityAdminService;
  private readonly revocations: TokenRevocationService;
  constructor(private readonly rt: Runtime) {
    this.admin = new IdentityAdminService(rt);
    this.revocations = new TokenRevocationService(rt);
  }

  private get db() {
    return this.rt.store.db;
  }

  async listRoles(filter: { name?: string; domainId?: string }): Promise<RoleRow[]> {
    return repo.listRoles(this.db, filter);
  }

  /**
   * A global role, or a domain-specific one (domain_id): its name is unique within its domain
   * (the roles_domain_name_uq index). Keystone does not check that the domain exists.
   */
  async createRole(input: { name: string; description?: string | null; domain_id?: string | null }): Promise<RoleRow> {
    const row: RoleRow = {
      id: newHexId(),
      name: input.name,
      domain_id: input.domain_id ?? null,
      description: input.description ?? null,
    };
    await withDuplicateCheck(this.rt, () => repo.insertRole(this.db, row), 'role', row.name, row.domain_id);
    return row;
  }

  async updateRole(
    id: string,
    patch: { name?: string; description?: string | null; domain_id?: string | null },
  ): Promise<RoleRow> {
    const before = await this.admin.role(id);
    // keystone/assignment/core.py update_role: a role stays in its domain (or global)
    if (patch.domain_id !== undefined && patch.domain_id !== before.domain_id) throw roleDomainImmutable();
    const set: Parameters<typeof repo.updateRole>[2] = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description;
    await withDuplicateCheck(
      this.rt,

      () => repo.updateRole(this.db, id, set),
      'role',
      patch.name ?? before.name,
      patch.domain_id ?? null,
    );
    return this.admin.role(id);
  }

  async deleteRole(id: string): Promise<void> {
    await this.admin.role(id);
    const holders = new Set([
      ...(await repo.userIdsWithRole(this.db, id)),
      ...(await userIdsWithScopedRole(this.db, id)),
    ]);
    for (const userId of holders) await this.revocations.revokeUserTokens(userId);
    // the roles it implied or was implied by change for others too (the rules go by cascade)
    this.rt.tokens.forgetAll();
    await this.rt.store.transaction(async (trx) => {
      if ((await repo.deleteRole(trx, id)) === 0) throw roleNotFound(id);
    });
  }
}
