/** GET /v3/role_assignments (keystone/api/role_assignments.py): direct or effective user and group assignments. */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { effectiveWithGroupFilter, projectAndDomainFilter, userAndGroupFilter } from '../../domain/identity/errors.js';
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
        const projectId = queryValue(request, 'scope.project.id');
        const domainId = queryValue(request, 'scope.domain.id');
        const userId = queryValue(request, 'user.id');
        const groupId = queryValue(request, 'group.id');
        // keystone/api/role_assignments.py _assert_* checks
        if (projectId !== undefined && domainId !== undefined) throw projectAndDomainFilter();
        if (userId !== undefined && groupId !== undefined) throw userAndGroupFilter();
        const effective = flagSet(request, 'effective');
        if (effective && groupId !== undefined) throw effectiveWithGroupFilter();
        const roleId = queryValue(request, 'role.id');
        const v3 = v3Url(rt, request);
        const entries = await svc.list({ userId, groupId, projectId, domainId, roleId }, effective);
        const includeNames = flagSet(request, 'include_names');
        const out = [];
        for (const { a, prior, group, membership } of entries) {
          const view = assignmentView(a, v3, includeNames ? await svc.names(a, group) : null, { group, membership });
          if (prior) {
            // an implied role's entry links to the grant it came from (_format_entity's prior_role)
            const { links } = view;
            links.assignment = links.assignment.replace(/\/roles\/[^/]+$/, `/roles/${prior.id}`);
            links.prior_role = `${v3}/roles/${prior.id}`;
          }
          out.push(view);
        }
        return { role_assignments: out, links: collectionLinks(rt, request) };
      },
    }),
  ];
}
