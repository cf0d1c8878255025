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

/** One listed assignment; `prior` is the granted role an implied entry comes from. */
export interface AssignmentEntry {
  a: AssignmentRow;
  prior: RoleRow | null;
}

export interface AssignmentNames {
  role?: { name: string };
  user?: { name: string; domain: { id: string; name: string } };
  project?: { name: string; domain: { id: string; name: string } };
  domain?: { name: string };
}

export class RoleAssignmentService {
  constructor(private readonly rt: Runtime) {}

  private get db() {
    return this.rt.store.db;
  }

  /** Direct grants matching the filter; with `effective`, each grant plus the roles it implies. */
  async list(filter: AssignmentFilter, effective: boolean): Promise<AssignmentEntry[]> {
    // the role filter of an effective listing applies after expansion: an implied role matches too
    const rows = await listAssignments(this.db, effective ? { ...filter, roleId: undefined } : filter);
    if (!effective) return rows.map((a) => ({ a, prior: null }));
    const entries = await this.withImplied(rows);
    return filter.roleId === undefined ? entries : entries.filter((e) => e.a.role_id === filter.roleId);
  }

  /** Keystone's include_names: names of the role, the user (with domain) and the project (with domain). */
  async names(a: AssignmentRow): Promise<AssignmentNames> {
    const role = await findRoleById(this.db, a.role_id);
    const user = await findUserById(this.db, a.user_id);
    const userDomain = user && (await findDomainById(this.db, user.domain_id));
    const names: AssignmentNames = {};
    if (role) names.role = { name: role.name };
    if (user && userDomain) names.user = { name: user.name, domain: { id: userDomain.id, name: userDomain.name } };
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
  private async withImplied(rows: AssignmentRow[]): Promise<AssignmentEntry[]> {
    const roles = await listRoles(this.db, {});
    const byId = new Map(roles.map((r) => [r.id, r]));
    const byName = new Map(roles.map((r) => [r.name, r]));
    const out: AssignmentEntry[] = [];
    const seen = new Set<string>();
    const key = (a: AssignmentRow, roleId: string) => `${a.user_id}/${a.project_id}/${a.domain_id}/${roleId}`;
    for (const a of rows) {
      out.push({ a, prior: null });
      seen.add(key(a, a.role_id));
    }
    for (const a of rows) {
      const prior = byId.get(a.role_id);
      if (!prior) continue;
      for (const name of expandImpliedRoles([prior.name])) {
        const implied = byName.get(name);
        if (!implied || seen.has(key(a, implied.id))) continue;
        seen.add(key(a, implied.id));
        out.push({ a: { ...a, role_id: implied.id }, prior });
      }
    }
    return out;
  }
}
