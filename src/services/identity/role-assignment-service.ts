/**
 * The reads behind GET /v3/role_assignments (keystone/assignment/core.py
 * list_role_assignments): direct grants (users' and groups', on projects, domains and the
 * system, inherited ones included) or, with effective=true, what they give each user: group
 * grants become one entry per member, inherited grants one entry per project below the grant's
 * target, each entry brings the roles it implies, and domain-specific roles are left out. Also
 * the names Keystone adds with include_names.
 */
import type { Runtime } from '../../runtime.js';
import {
  findDomainById,
  findProjectById,
  findUserById,
  ancestorIds,
  type RoleRow,
} from '../../store/repositories/identity-repository.js';
import {
  findRoleById,
  listAssignments,
  listProjects,
  listRoles,
  subtreeIds,
} from '../../store/repositories/identity-admin-repository.js';
import { findGroup, listGroupAssignments, memberIds } from '../../store/repositories/group-repository.js';
import { listImpliedRoles } from '../../store/repositories/implied-role-repository.js';
import { listInheritedGrants, listSystemGrants } from '../../store/repositories/scoped-grant-repository.js';

/**
 * One listed assignment, as Keystone's driver refs: the actor (a user, or a group in a direct
 * listing), the target (a project, a domain or the system), whether it is a grant to inherit
 * (direct listings), and where an effective entry came from (`indirect`: the group it came
 * through, the domain or project it was inherited from, the prior role it was implied by).
 */
export interface AssignmentEntry {
  roleId: string;
  userId?: string;
  groupId?: string;
  projectId?: string;
  domainId?: string;
  system?: boolean;
  inherited?: boolean;
  indirect: { groupId?: string; projectId?: string; domainId?: string; roleId?: string };
}

export interface AssignmentQuery {
  userId?: string;
  groupId?: string;
  projectId?: string;
  domainId?: string;
  roleId?: string;
  /** scope.system given (Keystone: any value but 'all' counts as not given) */
  system?: boolean;
  /** scope.OS-INHERIT:inherited_to: true for 'projects', false for another value, undefined when absent */
  inherited?: boolean;
  includeSubtree?: boolean;
}

export interface AssignmentNames {
  role?: { name: string; domain?: { id: string; name: string } };
  user?: { name: string; domain: { id: string; name: string } };
  project?: { name: string; domain: { id: string; name: string } };
  domain?: { name: string };
  group?: { name: string; domain: { id: string; name: string } };
}

export class RoleAssignmentService {
  constructor(private readonly rt: Runtime) {}

  private get db() {
    return this.rt.store.db;
  }

  async list(q: AssignmentQuery, effective: boolean): Promise<AssignmentEntry[]> {
    const subtree = q.projectId !== undefined && q.includeSubtree ? await subtreeIds(this.db, q.projectId) : undefined;
    return effective ? this.effective(q, subtree) : this.direct(q, subtree);
  }

  /** keystone _list_direct_role_assignments */
  private async direct(q: AssignmentQuery, subtree: string[] | undefined): Promise<AssignmentEntry[]> {
    const out: AssignmentEntry[] = [];
    const projectIds = q.projectId !== undefined ? [q.projectId, ...(subtree ?? [])] : undefined;
    if (!q.system) {
      if (q.inherited !== true) {
        if (q.groupId === undefined)
          for (const a of await listAssignments(this.db, {
            userId: q.userId,
            projectIds,
            domainId: q.domainId,
            roleId: q.roleId,
          }))
            out.push({ roleId: a.role_id, userId: a.user_id, ...target(a), indirect: {} });
        if (q.userId === undefined)
          for (const g of await listGroupAssignments(this.db, {
            groupId: q.groupId,
            projectIds,
            domainId: q.domainId,
            roleId: q.roleId,
          }))
            out.push({ roleId: g.role_id, groupId: g.group_id, ...target(g), indirect: {} });
      }
      if (q.inherited !== false)
        for (const i of await listInheritedGrants(this.db, {
          userId: q.userId,
          groupIds: q.groupId !== undefined ? [q.groupId] : undefined,
          users: q.groupId === undefined,
          groups: q.userId === undefined,
          projectIds,
          domainId: q.domainId,
          roleId: q.roleId,
        }))
          out.push({ roleId: i.role_id, ...actor(i), ...target(i), inherited: true, indirect: {} });
    }
    if (q.system || (q.projectId === undefined && q.domainId === undefined))
      for (const s of await listSystemGrants(this.db, {
        userId: q.userId,
        groupIds: q.groupId !== undefined ? [q.groupId] : undefined,
        users: q.groupId === undefined,
        groups: q.userId === undefined,
        roleId: q.roleId,
      }))
        out.push({ roleId: s.role_id, ...actor(s), system: true, indirect: {} });
    return out;
  }

  /** keystone _list_effective_role_assignments (system grants are not part of it, as in Keystone) */
  private async effective(q: AssignmentQuery, subtree: string[] | undefined): Promise<AssignmentEntry[]> {
    if (q.groupId !== undefined || (q.domainId !== undefined && q.inherited === true)) return [];
    const inherited = q.domainId !== undefined ? false : q.inherited;
    const projectIds = q.projectId !== undefined ? [q.projectId, ...(subtree ?? [])] : undefined;
    const userGroups =
      q.userId !== undefined
        ? (
            await this.db.selectFrom('group_memberships').select('group_id').where('user_id', '=', q.userId).execute()
          ).map((g) => g.group_id)
        : undefined;
    const refs: AssignmentEntry[] = [];
    if (inherited !== true) {
      for (const a of await listAssignments(this.db, { userId: q.userId, projectIds, domainId: q.domainId }))
        refs.push({ roleId: a.role_id, userId: a.user_id, ...target(a), indirect: {} });
      for (const g of await listGroupAssignments(this.db, { groupIds: userGroups, projectIds, domainId: q.domainId }))
        refs.push({ roleId: g.role_id, groupId: g.group_id, ...target(g), indirect: {} });
    }
    if (inherited !== false) {
      const who = { userId: q.userId, groupIds: userGroups };
      if (q.projectId !== undefined) {
        const project = await findProjectById(this.db, q.projectId);
        if (project) {
          const sources = [...(await ancestorIds(this.db, project)), ...(subtree ? (projectIds ?? []) : [])];
          for (const i of await listInheritedGrants(this.db, { ...who, domainId: project.domain_id }))
            refs.push({ roleId: i.role_id, ...actor(i), ...target(i), inherited: true, indirect: {} });
          if (sources.length > 0)
            for (const i of await listInheritedGrants(this.db, { ...who, projectIds: sources }))
              refs.push({ roleId: i.role_id, ...actor(i), ...target(i), inherited: true, indirect: {} });
        }
      } else {
        for (const i of await listInheritedGrants(this.db, who))
          refs.push({ roleId: i.role_id, ...actor(i), ...target(i), inherited: true, indirect: {} });
      }
    }
    const expanded: AssignmentEntry[] = [];
    for (const ref of refs) expanded.push(...(await this.expand(ref, q.userId, q.projectId, subtree)));
    const withImplied = await this.withImplied(expanded);
    const roles = new Map((await listRoles(this.db, { anyDomain: true })).map((r) => [r.id, r]));
    return withImplied.filter(
      (e) => roles.get(e.roleId)?.domain_id === null && (q.roleId === undefined || e.roleId === q.roleId),
    );
  }

  /** keystone _expand_indirect_assignment: groups into members, inherited grants onto projects. */
  private async expand(
    ref: AssignmentEntry,
    userId: string | undefined,
    projectId: string | undefined,
    subtree: string[] | undefined,
  ): Promise<AssignmentEntry[]> {
    const members = async (r: AssignmentEntry): Promise<AssignmentEntry[]> => {
      if (r.groupId === undefined) return [r];
      const { groupId, ...rest } = r;
      const users = userId !== undefined ? [userId] : await memberIds(this.db, groupId);
      return users.map((u) => ({ ...rest, userId: u, indirect: { ...r.indirect, groupId } }));
    };
    if (!ref.inherited) return members(ref);
    let projects: string[];
    if (projectId !== undefined) {
      projects = [projectId, ...(subtree ?? [])];
      if (subtree && ref.projectId !== undefined && projects.includes(ref.projectId))
        projects = await subtreeIds(this.db, ref.projectId);
    } else if (ref.domainId !== undefined) {
      projects = (await listProjects(this.db, { domainId: ref.domainId })).map((p) => p.id);
    } else {
      projects = await subtreeIds(this.db, ref.projectId as string);
    }
    const out: AssignmentEntry[] = [];
    for (const m of await members(ref)) {
      const { projectId: fromProject, domainId: fromDomain, inherited: _inherited, ...rest } = m;
      const source = fromProject !== undefined ? { projectId: fromProject } : { domainId: fromDomain };
      for (const p of projects) out.push({ ...rest, projectId: p, indirect: { ...m.indirect, ...source } });
    }
    return out;
  }

  /**
   * keystone add_implied_roles: each entry brings the roles its role implies, transitively, the
   * prior of each being the role it was reached from. An entry already listed is not repeated.
   */
  private async withImplied(rows: AssignmentEntry[]): Promise<AssignmentEntry[]> {
    const rules = await listImpliedRoles(this.db);
    if (rules.length === 0) return rows;
    const implies = new Map<string, string[]>();
    for (const r of rules) implies.set(r.prior_role_id, [...(implies.get(r.prior_role_id) ?? []), r.implied_role_id]);
    const key = (e: AssignmentEntry) =>
      [e.userId, e.indirect.groupId, e.projectId, e.domainId, e.indirect.projectId, e.indirect.domainId, e.roleId].join(
        '/',
      );
    const seen = new Set(rows.map(key));
    const out = [...rows];
    const queue = [...rows];
    while (queue.length > 0) {
      const e = queue.shift() as AssignmentEntry;
      for (const implied of implies.get(e.roleId) ?? []) {
        const next: AssignmentEntry = { ...e, roleId: implied, indirect: { ...e.indirect, roleId: e.roleId } };
        if (seen.has(key(next))) continue;
        seen.add(key(next));
        out.push(next);
        queue.push(next);
      }
    }
    return out;
  }

  /** Keystone's include_names: names of the role (and its domain), the actor and the target (with domains). */
  async names(e: AssignmentEntry): Promise<AssignmentNames> {
    const names: AssignmentNames = {};
    const domainRef = async (id: string) => {
      const d = await findDomainById(this.db, id);
      return d ? { id: d.id, name: d.name } : undefined;
    };
    const role: RoleRow | undefined = await findRoleById(this.db, e.roleId);
    if (role) {
      const domain = role.domain_id !== null ? await domainRef(role.domain_id) : undefined;
      names.role = { name: role.name, ...(domain ? { domain } : {}) };
    }
    if (e.userId !== undefined) {
      const user = await findUserById(this.db, e.userId);
      const domain = user && (await domainRef(user.domain_id));
      if (user && domain) names.user = { name: user.name, domain };
    } else if (e.groupId !== undefined) {
      const group = await findGroup(this.db, e.groupId);
      const domain = group && (await domainRef(group.domain_id));
      if (group && domain) names.group = { name: group.name, domain };
    }
    if (e.projectId !== undefined) {
      const project = await findProjectById(this.db, e.projectId);
      const domain = project && (await domainRef(project.domain_id));
      if (project && domain) names.project = { name: project.name, domain };
    } else if (e.domainId !== undefined) {
      const domain = await findDomainById(this.db, e.domainId);
      if (domain) names.domain = { name: domain.name };
    }
    return names;
  }
}

function target(r: { project_id: string | null; domain_id: string | null }): { projectId?: string; domainId?: string } {
  return r.project_id !== null ? { projectId: r.project_id } : { domainId: r.domain_id as string };
}

function actor(r: { user_id: string | null; group_id: string | null }): { userId?: string; groupId?: string } {
  return r.user_id !== null ? { userId: r.user_id } : { groupId: r.group_id as string };
}
