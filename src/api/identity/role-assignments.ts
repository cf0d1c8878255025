/** GET /v3/role_assignments (keystone/api/role_assignments.py): direct or effective user assignments. */
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { badRequest } from '../../domain/errors.js';
import { expandImpliedRoles } from '../../domain/identity/roles.js';
import { findDomainById, findProjectById, findUserById, type RoleRow } from '../../store/repositories/identity-repository.js';
import { findRoleById, listAssignments, listRoles, type AssignmentRow } from '../../store/repositories/identity-admin-repository.js';
import { flagSet, queryValue } from './query.js';
import { collectionLinks, v3Url } from './views/links.js';
import { assignmentView, type AssignmentNames } from './views/role-assignments.js';

export function roleAssignmentRoutes(rt: Runtime): RouteDef[] {
  const db = () => rt.store.db;

  /** Keystone's include_names: names of the role, the user (with domain) and the project (with domain). */
  const namesFor = async (a: AssignmentRow): Promise<AssignmentNames> => {
    const role = await findRoleById(db(), a.role_id);
    const user = await findUserById(db(), a.user_id);
    const userDomain = user && await findDomainById(db(), user.domain_id);
    const names: AssignmentNames = {};
    if (role) names.role = { name: role.name };
    if (user && userDomain) names.user = { name: user.name, domain: { id: userDomain.id, name: userDomain.name } };
    if (a.project_id !== null) {
      const project = await findProjectById(db(), a.project_id);
      const projectDomain = project && await findDomainById(db(), project.domain_id);
      if (project && projectDomain) names.project = { name: project.name, domain: { id: projectDomain.id, name: projectDomain.name } };
    } else if (a.domain_id !== null) {
      const domain = await findDomainById(db(), a.domain_id);
      if (domain) names.domain = { name: domain.name };
    }
    return names;
  };

  return [
    {
      method: 'GET', url: '/v3/role_assignments', policy: 'identity:list_role_assignments',
      handler: async (request) => {
        authorize(request.ctx, 'identity:list_role_assignments');
        const projectId = queryValue(request, 'scope.project.id');
        const domainId = queryValue(request, 'scope.domain.id');
        const userId = queryValue(request, 'user.id');
        const groupId = queryValue(request, 'group.id');
        // keystone/api/role_assignments.py _assert_* checks
        if (projectId !== undefined && domainId !== undefined) throw badRequest('Specify a domain or project, not both');
        if (userId !== undefined && groupId !== undefined) throw badRequest('Specify a user or group, not both');
        const effective = flagSet(request, 'effective');
        if (effective && groupId !== undefined) throw badRequest('Combining effective and group filter will always result in an empty list.');
        const roleId = queryValue(request, 'role.id');
        const v3 = v3Url(rt, request);
        // stackbox has no groups: a group filter matches nothing
        const rows = groupId !== undefined ? [] : await listAssignments(db(), { userId, projectId, domainId, roleId: effective ? undefined : roleId });
        const entries = effective ? await withImplied(rows) : rows.map((a) => ({ a, prior: null as RoleRow | null }));
        const filtered = effective && roleId !== undefined ? entries.filter((e) => e.a.role_id === roleId) : entries;
        const includeNames = flagSet(request, 'include_names');
        const out = [];
        for (const { a, prior } of filtered) {
          const view = assignmentView(a, v3, includeNames ? await namesFor(a) : null);
          if (prior) {
            // an implied role's entry links to the grant it came from (_format_entity's prior_role)
            const links = view.links as Record<string, string>;
            links.assignment = links.assignment.replace(/\/roles\/[^/]+$/, `/roles/${prior.id}`);
            links.prior_role = `${v3}/roles/${prior.id}`;
          }
          out.push(view);
        }
        return { role_assignments: out, links: collectionLinks(rt, request) };
      },
    },
  ];

  /** effective=true: each grant plus the roles it implies (admin → member → reader). */
  async function withImplied(rows: AssignmentRow[]): Promise<Array<{ a: AssignmentRow; prior: RoleRow | null }>> {
    const roles = await listRoles(db(), {});
    const byId = new Map(roles.map((r) => [r.id, r]));
    const byName = new Map(roles.map((r) => [r.name, r]));
    const out: Array<{ a: AssignmentRow; prior: RoleRow | null }> = [];
    const seen = new Set<string>();
    const key = (a: AssignmentRow, roleId: string) => `${a.user_id}/${a.project_id}/${a.domain_id}/${roleId}`;
    for (const a of rows) { out.push({ a, prior: null }); seen.add(key(a, a.role_id)); }
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
