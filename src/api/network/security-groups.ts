/** GET /v2.0/security-groups[/{id}]: each project's default group (created on first look). */
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import * as repo from '../../store/repositories/network-repository.js';
import { ensureDefaultSecurityGroup } from '../../services/network/security-group-service.js';
import { securityGroupNotFound } from '../../domain/ports/network-errors.js';
import { projectFilter, queryValues, selectFields } from './request.js';
import { securityGroupView } from './views/security-groups.js';
import { listBody } from './paging.js';
import { networkRoot } from './extensions.js';

export function securityGroupRoutes(rt: Runtime): RouteDef[] {
  const db = rt.store.db;
  return [
    {
      method: 'GET', url: '/security-groups', policy: 'get_security_group',
      handler: async (request) => {
        // Neutron creates the default group when a project first lists its groups
        if (request.ctx.projectId) await ensureDefaultSecurityGroup(db, request.ctx.projectId);
        const rows = await repo.listSecurityGroups(db, {
          ids: queryValues(request, 'id'), names: queryValues(request, 'name'),
          projectIds: request.ctx.isAdmin ? projectFilter(request) : [request.ctx.projectId ?? ''],
        });
        return listBody(request, 'security_groups', `${networkRoot(rt, request)}/v2.0/security-groups`, rows.map(securityGroupView), securityGroupNotFound);
      },
    },
    {
      method: 'GET', url: '/security-groups/:groupId', policy: 'get_security_group',
      handler: async (request) => {
        const id = (request.params as { groupId: string }).groupId;
        if (request.ctx.projectId) await ensureDefaultSecurityGroup(db, request.ctx.projectId);
        const [g] = await repo.listSecurityGroups(db, { ids: [id] });
        if (!g || (!request.ctx.isAdmin && g.project_id !== request.ctx.projectId)) throw securityGroupNotFound(id);
        return { security_group: selectFields(request, securityGroupView(g)) };
      },
    },
  ];
}
