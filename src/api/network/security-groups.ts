/** GET /v2.0/security-groups[/{id}]: each project's default group (created on first look). */
import type { NeutronRouteTarget } from '../../policy/network-rules.js';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { listSecurityGroupsFor, showSecurityGroup } from '../../services/network/security-group-service.js';
import { securityGroupNotFound } from '../../domain/ports/network-errors.js';
import { projectFilter, queryValues, selectFields } from './request.js';
import { securityGroupView } from './views/security-groups.js';
import { listBody } from './paging.js';
import { networkRoot } from './extensions.js';

export function securityGroupRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  return [
    route({
      method: 'GET',
      url: '/security-groups',
      policy: 'get_security_group',
      handler: async (request) => {
        const rows = await listSecurityGroupsFor(rt, request.ctx, {
          ids: queryValues(request, 'id'),
          names: queryValues(request, 'name'),
          projectIds: projectFilter(request),
        });
        return listBody(
          request,
          'security_groups',
          `${networkRoot(rt, request)}/v2.0/security-groups`,
          rows.map(securityGroupView),
          securityGroupNotFound,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/security-groups/:groupId',
      policy: 'get_security_group',
      handler: async (request) => {
        const g = await showSecurityGroup(rt, request.ctx, request.params.groupId);
        return { security_group: selectFields(request, securityGroupView(g)) };
      },
    }),
  ];
}
