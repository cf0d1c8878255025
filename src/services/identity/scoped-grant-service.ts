/**
 * System grants (keystone/api/system.py, assignment/core.py *_system_grant_*) and OS-INHERIT
 * grants (keystone/api/os_inherit.py: create_grant … inherited_to_projects=True), to a user or a
 * group. A system grant gives a system-scoped token its roles; an inherited grant on a domain or
 * a project gives its roles on every project below it (not on the target itself). Removing
 * either revokes the tokens of the users who held it, as removing a domain grant does.
 */
import type { Runtime } from '../../runtime.js';
import { domainRoleOnSystem, grantNotFound, groupNotFound } from '../../domain/identity/errors.js';
import { assertRoleFitsProject } from '../../domain/identity/roles.js';
import { findGroup, memberIds } from '../../store/repositories/group-repository.js';
import type { GrantTarget } from '../../store/repositories/identity-admin-repository.js';
import * as repo from '../../store/repositories/scoped-grant-repository.js';
import { TokenRevocationService } from './token-revocation-service.js';
import { IdentityAdminService, type RoleRow } from './identity-admin-service.js';

export type { Actor } from '../../store/repositories/scoped-grant-repository.js';
type Actor = repo.Actor;

/** Keystone's target id for a system grant in RoleAssignmentNotFound */
const SYSTEM = 'system';

export class ScopedGrantService {
  private readonly admin: IdentityAdminService;
  private readonly revocations: TokenRevocationService;
  constructor(private readonly rt: Runtime) {
    this.admin = new IdentityAdminService(rt);
    this.revocations = new TokenRevocationService(rt);
  }

  private get db() {
    return this.rt.store.db;
  }

  async actor(a: Actor): Promise<void> {
    if (a.kind === 'user') await this.admin.user(a.id);
    else if (!(await findGroup(this.db, a.id))) throw groupNotFound(a.id);
  }

  private async target(t: GrantTarget): Promise<void> {
    if (t.kind === 'project') await this.admin.project(t.id);
    else await this.admin.domain(t.id);
  }

  /** The users holding what the actor holds: the user, or the group's members. */
  private async users(a: Actor): Promise<string[]> {
    return a.kind === 'user' ? [a.id] : memberIds(this.db, a.id);
  }

  private async forget(a: Actor): Promise<void> {
    for (const userId of await this.users(a)) this.rt.tokens.forgetUser(userId);
  }

  private async revoke(a: Actor): Promise<void> {
    for (const userId of await this.users(a)) await this.revocations.revokeUserTokens(userId);
  }

  // ---- system

  async addSystemGrant(a: Actor, roleId: string): Promise<void> {
    const role = await this.admin.role(roleId);
    await this.actor(a);
    if (role.domain_id !== null) throw domainRoleOnSystem(roleId);
    await repo.insertSystemGrant(this.db, a, roleId);
    await this.forget(a);
  }

  async checkSystemGrant(a: Actor, roleId: string): Promise<void> {
    await this.admin.role(roleId);
    await this.actor(a);
    if (!(await repo.systemRolesOf(this.db, a)).some((r) => r.id === roleId)) throw grantNotFound(roleId, a.id, SYSTEM);
  }

  async removeSystemGrant(a: Actor, roleId: string): Promise<void> {
    await this.admin.role(roleId);
    await this.actor(a);
    if ((await repo.deleteSystemGrant(this.db, a, roleId)) === 0) throw grantNotFound(roleId, a.id, SYSTEM);
    await this.revoke(a);
  }

  async systemRoles(a: Actor): Promise<RoleRow[]> {
    await this.actor(a);
    return repo.systemRolesOf(this.db, a);
  }

  // ---- OS-INHERIT

  async addInheritedGrant(a: Actor, target: GrantTarget, roleId: string): Promise<void> {
    const role = await this.admin.role(roleId);
    await this.actor(a);
    await this.target(target);
    if (target.kind === 'project') assertRoleFitsProject(role, await this.admin.project(target.id));
    await repo.insertInheritedGrant(this.db, a, target, roleId);
    await this.forget(a);
  }

  async checkInheritedGrant(a: Actor, target: GrantTarget, roleId: string): Promise<void> {
    await this.admin.role(roleId);
    await this.actor(a);
    await this.target(target);
    if (!(await repo.inheritedRolesOf(this.db, a, target)).some((r) => r.id === roleId))
      throw grantNotFound(roleId, a.id, target.id);
  }

  async removeInheritedGrant(a: Actor, target: GrantTarget, roleId: string): Promise<void> {
    await this.admin.role(roleId);
    await this.actor(a);
    await this.target(target);
    if ((await repo.deleteInheritedGrant(this.db, a, target, roleId)) === 0)
      throw grantNotFound(roleId, a.id, target.id);
    await this.revoke(a);
  }

  async inheritedRoles(a: Actor, target: GrantTarget): Promise<RoleRow[]> {
    await this.actor(a);
    await this.target(target);
    return repo.inheritedRolesOf(this.db, a, target);
  }
}
