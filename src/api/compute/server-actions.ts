/**
 * POST /servers/{id}/action (nova/api/openstack/compute/servers.py, lock_server.py,
 * console_output.py): the body has exactly one key naming the action ("Malformed request body"
 * otherwise, wsgi.py _process_stack); unknown names are "There is no such action: X".
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { DomainError, badRequest } from '../../domain/errors.js';
import { compileSchema, type JsonSchema } from '../../http/validation.js';
import { SchemaError, type RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { consoleLog, tailLog } from '../../domain/console/console-log.js';
import { listActions } from '../../services/compute/instance-action-reads.js';
import { addressesFor, findServer } from '../../services/compute/server-reads.js';
import { InstanceService } from '../../services/compute/instance-service.js';
import { visibleServer } from './server-lookup.js';
import { rebuildAction } from './server-rebuild.js';
import { extraServerActions } from './server-extra-actions.js';

type Body = Record<string, unknown>;
/** An action handler answers the response itself (202 empty for lifecycle actions, 200 for console output). */
export type ActionHandler = (request: FastifyRequest, reply: FastifyReply, id: string, body: Body) => Promise<unknown>;

export function validateAction(schema: JsonSchema, body: unknown): void {
  const v = compileSchema(schema).check(body);
  if (v) throw new SchemaError('body', v);
}

const consoleOutputSchema = {
  type: 'object',
  properties: {
    'os-getConsoleOutput': {
      type: 'object',
      // schemas/console_output.py: one schema for all three types, so jsonschema names the failing keyword
      properties: { length: { type: ['integer', 'string', 'null'], pattern: '^-?[0-9]+$', minimum: -1 } },
      additionalProperties: false,
    },
  },
  required: ['os-getConsoleOutput'],
  additionalProperties: false,
};

function consoleOutput(rt: Runtime): ActionHandler {
  return async (request, reply, id, body) => {
    validateAction(consoleOutputSchema, body);
    const row = await visibleServer(rt, request, id);
    authorize(request.ctx, 'os_compute_api:os-console-output', { project_id: row.project_id });
    // compute/api.py get_console_output: @check_instance_host → InstanceNotReady (409)
    if (!row.host) throw new DomainError('INSTANCE_NOT_READY', 409, `Instance ${id} is not ready`);
    const raw = (body['os-getConsoleOutput'] as { length?: number | string | null }).length;
    const length = raw === undefined || raw === null ? null : Number(raw);
    const [actions, addrs] = await Promise.all([listActions(rt, row.uuid), addressesFor(rt, [row.uuid])]);
    const lines = consoleLog({
      uuid: row.uuid, hostname: row.hostname,
      actions: actions.reverse().map((a) => ({ action: a.action, start_time: a.start_time })),
      addresses: (addrs.get(row.uuid) ?? []).map((a) => a.ip_address),
    });
    return reply.code(200).send({ output: tailLog(lines, length) });
  };
}

const rebootSchema = {
  type: 'object',
  properties: {
    reboot: { type: 'object', properties: { type: { type: 'string', enum: ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft'] } }, required: ['type'], additionalProperties: false },
  },
  required: ['reboot'],
  additionalProperties: false,
};
// lock_server.py: any body before 2.73; from 2.73 null or {locked_reason}
const lockSchema = {
  type: 'object',
  properties: { lock: { type: ['object', 'null'], properties: { locked_reason: { type: 'string', minLength: 1, maxLength: 255 } }, additionalProperties: false } },
  required: ['lock'],
  additionalProperties: false,
};

/**
 * servers.py _get_instance (os-start, os-stop) reads the instance mapping first, so an id that never
 * existed is InstanceMappingNotFound's "has no mapping to a cell"; a deleted server keeps its mapping
 * and is "could not be found" as everywhere else.
 */
async function mappedServer(rt: Runtime, request: FastifyRequest, id: string) {
  if (!(await findServer(rt, id, { allowDeleted: true }))) {
    throw new DomainError('NOT_FOUND', 404, `Instance ${id} has no mapping to a cell.`);
  }
  return visibleServer(rt, request, id);
}

/** os-start, os-stop, reboot, lock, unlock: 202 with an empty body once the engine accepted them. */
function lifecycleActions(rt: Runtime): Record<string, ActionHandler> {
  const svc = new InstanceService(rt);
  const guarded = (rule: string, run: (request: FastifyRequest, id: string, body: Body) => Promise<unknown>, schema?: (request: FastifyRequest) => JsonSchema | null, mapped = false): ActionHandler =>
    async (request, reply, id, body) => {
      const s = schema?.(request);
      if (s) validateAction(s, body);
      const row = mapped ? await mappedServer(rt, request, id) : await visibleServer(rt, request, id);
      authorize(request.ctx, rule, { project_id: row.project_id });
      await run(request, id, body);
      return reply.code(202).send();
    };
  return {
    'os-start': guarded('os_compute_api:servers:start', (r, id) => svc.start(r.ctx, id), undefined, true),
    'os-stop': guarded('os_compute_api:servers:stop', (r, id) => svc.stop(r.ctx, id), undefined, true),
    reboot: guarded('os_compute_api:servers:reboot',
      (r, id, b) => svc.reboot(r.ctx, id, String((b.reboot as { type: string }).type).toUpperCase() as 'SOFT' | 'HARD'), () => rebootSchema),
    lock: guarded('os_compute_api:os-lock-server:lock', (r, id, b) => {
      const reason = r.mv.atLeast('2.73') ? ((b.lock as { locked_reason?: string } | null)?.locked_reason ?? null) : null;
      return svc.lock(r.ctx, id, reason);
    }, (r) => (r.mv.atLeast('2.73') ? lockSchema : null)),
    unlock: guarded('os_compute_api:os-lock-server:unlock', (r, id) => svc.unlock(r.ctx, id)),
  };
}

export function serverActionRoutes(rt: Runtime, extra: Record<string, ActionHandler> = {}): RouteDef[] {
  const actions: Record<string, ActionHandler> = {
    'os-getConsoleOutput': consoleOutput(rt), ...lifecycleActions(rt), ...rebuildAction(rt), ...extraServerActions(rt), ...extra,
  };
  return [{
    method: 'POST', url: '/servers/:serverId/action', policy: 'os_compute_api:servers:start',
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const body = request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.keys(body).length !== 1) {
        throw badRequest('Malformed request body');
      }
      const [name] = Object.keys(body);
      const action = actions[name];
      if (!action) throw badRequest(`There is no such action: ${name}`);
      return action(request, reply, (request.params as { serverId: string }).serverId, body as Body);
    },
  }];
}
