/**
 * The reads behind GET /v3/role_assignments (keystone/assignment/core.py
 * list_role_assignments): direct grants, the roles they imply (effective=true), and the names
 * Keystone adds with include_names.
 */
import type { Runtime } from '../../runtime.js';
import { expandImpliedRoles } from '../../domain/identity/roles.js';
import {
  findDomainById,
  findProjectById,
  findUserById,
  type RoleRow,
} from '../../store/repositories/identity-repository.js';
import {
  findRoleById,
  listAssignments,
  listRoles,
  type AssignmentFilter,
  type AssignmentRow,
} from '../../store/repositories/identity-admin-repository.js';
import { findGroup, listGroupAssignments, memberIds } from '../../store/repositories/group-repository.js';

/**
 * One listed assignment; `prior` is the granted role an implied entry comes from. A group's own
 * grant has `group` (and no user); an effective entry a user holds through a group has
 * `membership`, the group's id.
 */
export interface AssignmentEntry {
  a: AssignmentRow;
  prior: RoleRow | null;
  group?: string;
  membership?: string;
}

export interface AssignmentNames {
  role?: { name: string };
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

  /**
   * Grants matching the filter: the users' and, unless a user is named, the groups'. With
   * `effective`, a group's grant becomes one entry per member instead, and each grant brings the
   * roles it implies.
   */
  async list(filter: AssignmentFilter & { groupId?: string }, effective: boolean): Promise<AssignmentEntry[]> {
    // the role filter of an effective listing applies after expansion: an implied role matches too
    const { groupId, ...userFilter } = filter;
    const scoped = effective ? { ...userFilter, roleId: undefined } : userFilter;
    const direct: AssignmentEntry[] =
      groupId === undefined ? (await listAssignments(this.db, scoped)).map((a) => ({ a, prior: null })) : [];
    const groupRows =
      effective || filter.userId === undefined
        ? await listGroupAssignments(this.db, {
            groupId,
            projectId: filter.projectId,
            domainId: filter.domainId,
            roleId: scoped.roleId,
          })
        : [];
    const fromGroups: AssignmentEntry[] = [];
    for (const g of groupRows) {
      const a = { id: '', user_id: '', role_id: g.role_id, project_id: g.project_id, domain_id: g.domain_id };
      if (!effective) {
        fromGroups.push({ a, prior: null, group: g.group_id });
        continue;
      }
      for (const userId of await memberIds(this.db, g.group_id))
        if (filter.userId === undefined || filter.userId === userId)
          fromGroups.push({ a: { ...a, user_id: userId }, prior: null, membership: g.group_id });
    }
    const rows = [...direct, ...fromGroups];
    if (!effective) return rows;
    const entries = await this.withImplied(rows);
    return filter.roleId === undefined ? entries : entries.filter((e) => e.a.role_id === filter.roleId);
  }

  /** Keystone's include_names: names of the role, the user (with domain) and the project (with domain). */
  async names(a: AssignmentRow, groupId?: string): Promise<AssignmentNames> {
    const role = await findRoleById(this.db, a.role_id);
    const names: AssignmentNames = {};
    if (role) names.role = { name: role.name };
    if (groupId !== undefined) {
      const group = await findGroup(this.db, groupId);
      const groupDomain = group && (await findDomainById(this.db, group.domain_id));
      if (group && groupDomain)
        names.group = { name: group.name, domain: { id: groupDomain.id, name: groupDomain.name } };
    } else {
      const user = await findUserById(this.db, a.user_id);
      const userDomain = user && (await findDomainById(this.db, user.domain_id));
      if (user && userDomain) names.user = { name: user.name, domain: { id: userDomain.id, name: userDomain.name } };
    }
    if (a.project_id !== null) {
      const project = await findProjectById(this.db, a.project_id);
      const projectDomain = project && (await findDomainById(this.db, project.domain_id));
      if (project && projectDomain)
        names.project = { name: project.name, domain: { id: projectDomain.id, name: projectDomain.name } };
    } else if (a.domain_id !== null) {
      const domain = await findDomainById(this.db, a.domain_id);
      if (domain) names.domain = { name: domain.name };
    }
    return names;
  }

  /** effective=true: each grant plus the roles it implies (admin → member → reader). */
  private async withImplied(rows: AssignmentEntry[]): Promise<AssignmentEntry[]> {
    const roles = await listRoles(this.db, {});
    const byId = new Map(roles.map((r) => [r.id, r]));
    const byName = new Map(roles.map((r) => [r.name, r]));
    const out: AssignmentEntry[] = [];
    const seen = new Set<string>();
    const key = (e: AssignmentEntry, roleId: string) =>
      `${e.a.user_id}/${e.membership ?? ''}/${e.a.project_id}/${e.a.domain_id}/${roleId}`;
    for (const e of rows) {
      out.push(e);
      seen.add(key(e, e.a.role_id));
    }
    for (const e of rows) {
      const prior = byId.get(e.a.role_id);
      if (!prior) continue;
      for (const name of expandImpliedRoles([prior.name])) {
        const implied = byName.get(name);
        if (!implied || seen.has(key(e, implied.id))) continue;
        seen.add(key(e, implied.id));
        out.push({ ...e, a: { ...e.a, role_id: implied.id }, prior });
      }
    }
    return out;
  }
}
