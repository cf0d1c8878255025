/**
 * Role grants on projects and domains (keystone/assignment/core.py create_grant/get_grant/
 * delete_grant). Removing a grant revokes the user's tokens for that target.
 */
import type { Runtime } from '../../runtime.js';
import { grantNotFound } from '../../domain/identity/errors.js';
import { assertRoleFitsProject } from '../../domain/identity/roles.js';
import { TokenRevocationService } from './token-revocation-service.js';
import { IdentityAdminService, type RoleRow } from './identity-admin-service.js';
import * as repo from '../../store/repositories/identity-admin-repository.js';

export class GrantService {
  private readonly revocations: TokenRevocationService;
  private readonly admin: IdentityAdminService;
  constructor(private readonly rt: Runtime) {
    this.revocations = new TokenRevocationService(rt);
    this.admin = new IdentityAdminService(rt);
  }

  /** Resolves the ids of a grant URL, 404 for the first unknown one (Keystone checks role, then actor, then target). */
  async grantParts(target: repo.GrantTarget, userId: string, roleId: string): Promise<RoleRow> {
    const role = await this.admin.role(roleId);
    await this.admin.user(userId);
    await this.grantTarget(target);
    return role;
  }

  async grantTarget(target: repo.GrantTarget): Promise<void> {
    if (target.kind === 'project') await this.admin.project(target.id);
    else await this.admin.domain(target.id);
  }

  async addGrant(target: repo.GrantTarget, userId: string, roleId: string): Promise<void> {
    const role = await this.grantParts(target, userId, roleId);
    if (target.kind === 'project') assertRoleFitsProject(role, await this.admin.project(target.id));
    await repo.insertGrant(this.rt.store.db, userId, target, roleId);
    this.rt.tokens.forgetUser(userId);
  }

  async checkGrant(target: repo.GrantTarget, userId: string, roleId: string): Promise<void> {
    await this.grantParts(target, userId, roleId);
    const held = await repo.rolesOfUserOn(this.rt.store.db, userId, target);
    if (!held.some((r) => r.id === roleId)) throw grantNotFound(roleId, userId, target.id);
  }

  async removeGrant(target: repo.GrantTarget, userId: string, roleId: string): Promise<void> {
    await this.grantParts(target, userId, roleId);
    if ((await repo.deleteGrant(this.rt.store.db, userId, target, roleId)) === 0)
      throw grantNotFound(roleId, userId, target.id);
    // project grants revoke that project's tokens; domain grants every token of the user
    // (a revocation event has no domain field)
    await this.revocations.revokeUserTokens(userId, target.kind === 'project' ? target.id : null);
  }
}
