/**
 * GET /v3/role_assignments (keystone/api/role_assignments.py): direct or effective assignments of
 * users and groups on projects, domains and the system, inherited ones included; include_subtree
 * widens a project filter to the projects below it.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  effectiveInheritedDomainFilter,
  effectiveWithGroupFilter,
  projectAndDomainFilter,
  subtreeNeedsProject,
  systemAndDomainFilter,
  systemAndProjectFilter,
  userAndGroupFilter,
} from '../../domain/identity/errors.js';
import { RoleAssignmentService } from '../../services/identity/role-assignment-service.js';
import { flagSet, queryValue } from './query.js';
import { rolesOnly } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { assignmentView } from './views/role-assignments.js';

export function roleAssignmentRoutes(rt: Runtime): RouteDef[] {
  const svc = new RoleAssignmentService(rt);
  return [
    route({
      method: 'GET',
      url: '/v3/role_assignments',
      policy: 'identity:list_role_assignments',
      target: rolesOnly,
      handler: async (request) => {
        // Keystone reads the filters as given, an empty value as absent
        const given = (name: string) => {
          const v = queryValue(request, name);
          return v === '' ? undefined : v;
        };
        const projectId = given('scope.project.id');
        const domainId = given('scope.domain.id');
        const userId = given('user.id');
        const groupId = given('group.id');
        const system = given('scope.system');
        const inheritedTo = queryValue(request, 'scope.OS-INHERIT:inherited_to');
        const includeSubtree = flagSet(request, 'include_subtree');
        if (includeSubtree && projectId === undefined) throw subtreeNeedsProject();
        // keystone/api/role_assignments.py _assert_* checks, in its order
        if (projectId !== undefined && domainId !== undefined) throw projectAndDomainFilter();
        if (system !== undefined && domainId !== undefined) throw systemAndDomainFilter();
        if (system !== undefined && projectId !== undefined) throw systemAndProjectFilter();
        if (userId !== undefined && groupId !== undefined) throw userAndGroupFilter();
        const effective = flagSet(request, 'effective');
        const inherited = inheritedTo === undefined ? undefined : inheritedTo === 'projects';
        if (effective && groupId !== undefined) throw effectiveWithGroupFilter();
        if (effective && inherited === true && domainId !== undefined) throw effectiveInheritedDomainFilter();
        const v3 = v3Url(rt, request);
        const entries = await svc.list(
          {
            userId,
            groupId,
            projectId,
            domainId,
            roleId: given('role.id'),
            system: system === 'all',
            inherited,
            includeSubtree,
          },
          effective,
        );
        const includeNames = flagSet(request, 'include_names');
        const out = [];
        for (const e of entries) out.push(assignmentView(e, v3, includeNames ? await svc.names(e) : null));
        return { role_assignments: out, links: collectionLinks(rt, request) };
      },
    }),
  ];
}
