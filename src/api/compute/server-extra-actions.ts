/**
 * The remaining server actions: forceDelete and restore (nova/api/openstack/compute/
 * deferred_delete.py) and addSecurityGroup / removeSecurityGroup (security_groups.py
 * SecurityGroupActionController). All answer 202 with an empty body.
 */
import type { Runtime } from '../../runtime.js';
import { authorize } from '../../policy/check.js';
import { InstanceService } from '../../services/compute/instance-service.js';
import { changeServerSecurityGroup } from '../../services/compute/server-security-groups.js';
import { checkLock } from '../../domain/instances/rules.js';
import { visibleServer } from './server-lookup.js';
import type { ActionHandler } from './server-actions.js';
import { validateAction } from './action-body.js';
import { securityGroupSchema } from './schemas/server-actions.js';

export function extraServerActions(rt: Runtime): Record<string, ActionHandler> {
  const svc = new InstanceService(rt);
  const group =
    (action: 'addSecurityGroup' | 'removeSecurityGroup', op: 'add' | 'remove'): ActionHandler =>
    async (request, reply, id, body) => {
      validateAction(securityGroupSchema(action), body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, `os_compute_api:os-security-groups:${op}`, { project_id: row.project_id });
      checkLock(row, request.ctx);
      await changeServerSecurityGroup(rt, row.uuid, row.project_id, body[action].name, op);
      return reply.code(202).send();
    };
  return {
    forceDelete: async (request, reply, id) => {
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-deferred-delete:force', { project_id: row.project_id });
      await svc.forceDelete(request.ctx, id);
      return reply.code(202).send();
    },
    restore: async (request, reply, id) => {
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-deferred-delete:restore', { project_id: row.project_id });
      await svc.restore(request.ctx, id);
      return reply.code(202).send();
    },
    addSecurityGroup: group('addSecurityGroup', 'add'),
    removeSecurityGroup: group('removeSecurityGroup', 'remove'),
  };
}
