/**
 * Keystone groups (keystone/identity/core.py, keystone/assignment/core.py): CRUD, membership, and
 * role grants to a group, which every member holds (tokens, scoping, project lists). Whatever
 * takes a role away (leaving the group, a group grant removed, the group deleted) revokes the
 * members' tokens, as Keystone's revocation events do.
 */
import type { Runtime } from '../../runtime.js';
import {
  domainIdImmutable,
  duplicateEntry,
  grantNotFound,
  groupNotFound,
  userNotInGroup,
} from '../../domain/identity/errors.js';
import { newHexId } from '../../lib/ids.js';
import { assertRoleFitsProject } from '../../domain/identity/roles.js';
import type { GrantTarget } from '../../store/repositories/identity-admin-repository.js';
import type { RoleRow, UserRow } from '../../store/repositories/identity-repository.js';
import * as repo from '../../store/repositories/group-repository.js';
import { TokenRevocationService } from './token-revocation-service.js';
import { IdentityAdminService } from './identity-admin-service.js';

export type { GroupRow } from '../../store/repositories/group-repository.js';

export interface GroupInput {
  name: string;
  description?: string | null;
  domain_id?: string;
  [extra: string]: unknown;
}

export class GroupService {
  private readonly admin: IdentityAdminService;
  private readonly revocations: TokenRevocationService;
  constructor(private readonly rt: Runtime) {
    this.admin = new IdentityAdminService(rt);
    this.revocations = new TokenRevocationService(rt);
  }

  private get db() {
    return this.rt.store.db;
  }

  async group(id: string): Promise<repo.GroupRow> {
    const g = await repo.findGroup(this.db, id);
    if (!g) throw groupNotFound(id);
    return g;
  }

  async list(filter: { name?: string; domainId?: string }): Promise<repo.GroupRow[]> {
    return repo.listGroups(this.db, filter);
  }

  async create(input: GroupInput, defaultDomainId: string): Promise<repo.GroupRow> {
    const domainId = input.domain_id ?? defaultDomainId;
    await this.admin.domain(domainId);
    const row: repo.GroupRow = {
      id: newHexId(),
      name: input.name,
      domain_id: domainId,
      description: input.description === undefined ? '' : input.description,
      created_at: this.rt.clock().toISOString(),
    };
    await this.conflict(() => repo.insertGroup(this.db, row), row.name, domainId);
    return row;
  }

  async update(id: string, patch: Partial<GroupInput>): Promise<repo.GroupRow> {
    const before = await this.group(id);
    if (patch.domain_id !== undefined && patch.domain_id !== before.domain_id) throw domainIdImmutable();
    const set: Parameters<typeof repo.updateGroup>[2] = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description;
    await this.conflict(() => repo.updateGroup(this.db, id, set), patch.name ?? before.name, before.domain_id);
    return this.group(id);
  }

  async delete(id: string): Promise<void> {
    await this.group(id);
    const members = await repo.memberIds(this.db, id);
    if ((await repo.deleteGroup(this.db, id)) === 0) throw groupNotFound(id);
    for (const userId of members) await this.revocations.revokeUserTokens(userId);
  }

  async addMember(groupId: string, userId: string): Promise<void> {
    await this.group(groupId);
    await this.admin.user(userId);
    await repo.addMember(this.db, groupId, userId);
    this.rt.tokens.forgetUser(userId);
  }

  async checkMember(groupId: string, userId: string): Promise<void> {
    await this.group(groupId);
    await this.admin.user(userId);
    if (!(await repo.isMember(this.db, groupId, userId))) throw userNotInGroup(userId, groupId);
  }

  async removeMember(groupId: string, userId: string): Promise<void> {
    await this.group(groupId);
    await this.admin.user(userId);
    if ((await repo.removeMember(this.db, groupId, userId)) === 0) throw userNotInGroup(userId, groupId);
    await this.revocations.revokeUserTokens(userId);
  }

  async members(groupId: string): Promise<UserRow[]> {
    await this.group(groupId);
    return repo.membersOf(this.db, groupId);
  }

  async groupsOfUser(userId: string): Promise<repo.GroupRow[]> {
    await this.admin.user(userId);
    return repo.groupsOfUser(this.db, userId);
  }

  /** Resolves a group grant's URL ids, 404 for the first unknown (role, then group, then target). */
  private async grantParts(target: GrantTarget, groupId: string, roleId: string): Promise<RoleRow> {
    const role = await this.admin.role(roleId);
    await this.group(groupId);
    await this.grantTarget(target);
    return role;
  }

  async grantTarget(target: GrantTarget): Promise<void> {
    if (target.kind === 'project') await this.admin.project(target.id);
    else await this.admin.domain(target.id);
  }

  async addGrant(target: GrantTarget, groupId: string, roleId: string): Promise<void> {
    const role = await this.grantParts(target, groupId, roleId);
    if (target.kind === 'project') assertRoleFitsProject(role, await this.admin.project(target.id));
    await repo.insertGroupGrant(this.db, groupId, target, roleId);
    for (const userId of await repo.memberIds(this.db, groupId)) this.rt.tokens.forgetUser(userId);
  }

  async checkGrant(target: GrantTarget, groupId: string, roleId: string): Promise<void> {
    await this.grantParts(target, groupId, roleId);
    const held = await repo.rolesOfGroupOn(this.db, groupId, target);
    if (!held.some((r) => r.id === roleId)) throw grantNotFound(roleId, groupId, target.id);
  }

  async removeGrant(target: GrantTarget, groupId: string, roleId: string): Promise<void> {
    await this.grantParts(target, groupId, roleId);
    if ((await repo.deleteGroupGrant(this.db, groupId, target, roleId)) === 0)
      throw grantNotFound(roleId, groupId, target.id);
    for (const userId of await repo.memberIds(this.db, groupId))
      await this.revocations.revokeUserTokens(userId, target.kind === 'project' ? target.id : null);
  }

  async rolesOn(target: GrantTarget, groupId: string): Promise<RoleRow[]> {
    await this.group(groupId);
    await this.grantTarget(target);
    return repo.rolesOfGroupOn(this.db, groupId, target);
  }

  private async conflict(fn: () => Promise<void>, name: string, domainId: string): Promise<void> {
    try {
      await fn();
    } catch (e) {
      if (this.rt.store.adapter.isUniqueViolation(e)) throw duplicateEntry('group', name, domainId);
      throw e;
    }
  }
}
