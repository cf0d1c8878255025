/**
 * POST /servers/{id}/action (nova/api/openstack/compute/servers.py, lock_server.py,
 * console_output.py): the body has exactly one key naming the action ("Malformed request body"
 * otherwise, wsgi.py _process_stack); unknown names are "There is no such action: X".
 */
import { first } from '../../lib/arrays.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.js';
import { badRequest } from '../../domain/errors.js';
import { instanceMappingNotFound, instanceNotReady } from '../../domain/compute-errors.js';
import { route, type RouteDef, type TypedRequest } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { consoleLog, tailLog } from '../../domain/console/console-log.js';
import { listActions } from '../../services/compute/instance-action-reads.js';
import { addressesFor, findServer } from '../../services/compute/server-reads.js';
import { InstanceService } from '../../services/compute/instance-service.js';
import { visibleServer } from './server-lookup.js';
import { rebuildAction } from './server-rebuild.js';
import { extraServerActions } from './server-extra-actions.js';
import { remoteConsoleActions } from './remote-consoles.js';
import { validateAction } from './action-body.js';
import { consoleOutputSchema, lockSchema, rebootSchema } from './schemas/server-actions.js';

type Body = Record<string, unknown>;
/** The action route's request: typed params, the body still any action's (each handler validates its own). */
export type ActionRequest = TypedRequest<'/servers/:serverId/action'>;
/** An action handler answers the response itself (202 empty for lifecycle actions, 200 for console output). */
export type ActionHandler = (request: ActionRequest, reply: FastifyReply, id: string, body: Body) => Promise<unknown>;

function consoleOutput(rt: Runtime): ActionHandler {
  return async (request, reply, id, body) => {
    validateAction(consoleOutputSchema, body);
    const row = await visibleServer(rt, request, id);
    authorize(request.ctx, 'os_compute_api:os-console-output', { project_id: row.project_id });
    // compute/api.py get_console_output: @check_instance_host → InstanceNotReady (409)
    if (!row.host) throw instanceNotReady(id);
    const raw = body['os-getConsoleOutput'].length;
    const length = raw === undefined || raw === null ? null : Number(raw);
    const [actions, addrs] = await Promise.all([listActions(rt, row.uuid), addressesFor(rt, [row.uuid])]);
    const lines = consoleLog({
      uuid: row.uuid,
      hostname: row.hostname,
      actions: actions.reverse().map((a) => ({ action: a.action, start_time: a.start_time })),
      addresses: (addrs.get(row.uuid) ?? []).map((a) => a.ip_address),
    });
    return reply.code(200).send({ output: tailLog(lines, length) });
  };
}

/**
 * servers.py _get_instance (os-start, os-stop) reads the instance mapping first, so an id that never
 * existed is InstanceMappingNotFound's "has no mapping to a cell"; a deleted server keeps its mapping
 * and is "could not be found" as everywhere else.
 */
async function mappedServer(rt: Runtime, request: FastifyRequest, id: string) {
  if (!(await findServer(rt, id, { allowDeleted: true }))) throw instanceMappingNotFound(id);
  return visibleServer(rt, request, id);
}

/** start, stop and unlock take any body (Nova does not look at it) */
const noBody = (): undefined => undefined;

/** os-start, os-stop, reboot, lock, unlock: 202 with an empty body once the engine accepted them. */
function lifecycleActions(rt: Runtime): Record<string, ActionHandler> {
  const svc = new InstanceService(rt);
  // the action's schema is checked first, then the server's 404, then its rule's 403
  const guarded =
    <B>(
      rule: string,
      run: (request: ActionRequest, id: string, body: B) => Promise<unknown>,
      check: (request: ActionRequest, body: Body) => B,
      mapped = false,
    ): ActionHandler =>
    async (request, reply, id, body) => {
      const checked = check(request, body);
      const row = mapped ? await mappedServer(rt, request, id) : await visibleServer(rt, request, id);
      authorize(request.ctx, rule, { project_id: row.project_id });
      await run(request, id, checked);
      return reply.code(202).send();
    };
  return {
    'os-start': guarded('os_compute_api:servers:start', (r, id) => svc.start(r.ctx, id), noBody, true),
    'os-stop': guarded('os_compute_api:servers:stop', (r, id) => svc.stop(r.ctx, id), noBody, true),
    reboot: guarded<Static<typeof rebootSchema>>(
      'os_compute_api:servers:reboot',
      (r, id, b) => svc.reboot(r.ctx, id, b.reboot.type.toUpperCase() as 'SOFT' | 'HARD'),
      (_r, b) => {
        validateAction(rebootSchema, b);
        return b;
      },
    ),
    // lock_server.py: the reason (and a schema) only from 2.73
    lock: guarded(
      'os_compute_api:os-lock-server:lock',
      (r, id, reason: string | null) => svc.lock(r.ctx, id, reason),
      (r, b) => {
        if (!r.mv.atLeast('2.73')) return null;
        validateAction(lockSchema, b);
        return b.lock?.locked_reason ?? null;
      },
    ),
    unlock: guarded('os_compute_api:os-lock-server:unlock', (r, id) => svc.unlock(r.ctx, id), noBody),
  };
}

export function serverActionRoutes(rt: Runtime, extra: Record<string, ActionHandler> = {}): RouteDef[] {
  const actions: Record<string, ActionHandler> = {
    'os-getConsoleOutput': consoleOutput(rt),
    ...lifecycleActions(rt),
    ...rebuildAction(rt),
    ...extraServerActions(rt),
    ...remoteConsoleActions(rt),
    ...extra,
  };
  // each action checks its own rule against the server (after its schema), so no route-level target
  return [
    route({
      method: 'POST',
      url: '/servers/:serverId/action',
      policy: 'os_compute_api:servers:start',
      handler: async (request, reply) => {
        const body: unknown = request.body;
        if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.keys(body).length !== 1) {
          throw badRequest('Malformed request body');
        }
        const name = first(Object.keys(body), 'action name');
        const action = actions[name];
        if (!action) throw badRequest(`There is no such action: ${name}`);
        return action(request, reply, request.params.serverId, { ...body });
      },
    }),
  ];
}
