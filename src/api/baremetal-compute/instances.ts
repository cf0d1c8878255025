/** /instances: create, list, detail, show (fields=), PATCH (JSON Patch), delete. */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { InstanceService } from '../../services/compute/instance-service.js';
import { baseUrl } from '../../http/base-url.js';
import { listInstances, pluggedPorts, type BaremetalInstance } from '../../services/baremetal/instance-queries.js';
import { editInstance } from '../../services/baremetal/instance-edit.js';
import { moganTransition } from '../../domain/instances/mogan-fsm.js';
import { moganStatus } from '../../domain/instances/mogan-status.js';
import { DEFAULT_LIST_FIELDS, instanceView, parseFields, selectFields } from './views/instances.js';
import { createBody, patchBody } from './schemas/instances.js';
import { loadInstance } from './instance-lookup.js';
import { planInstancePatch, type PatchOp } from './instance-patch.js';
import { rejectUnknownQuery, parseAllTenants } from './query.js';

interface CreateBody {
  name: string; description?: string | null; availability_zone?: string; image_uuid: string; instance_type_uuid: string;
  networks: Array<{ net_id: string; port_type?: string }>; user_data?: string; personality?: unknown[]; key_name?: string;
  min_count?: number; max_count?: number; extra?: Record<string, string>;
}

export const moganBase = (rt: Runtime, request: FastifyRequest): string => `${baseUrl(rt.config, request)}/baremetal-compute`;

/** Re-words the shared service's Nova errors the way Mogan's create reports them (reference §5.1.1). */
function createError(err: unknown, body: CreateBody): unknown {
  if (!isDomainError(err)) return err;
  switch (err.code) {
    case 'FLAVOR_NOT_FOUND': return new DomainError(err.code, 400, `Flavor ${body.instance_type_uuid} could not be found`);
    case 'IMAGE_NOT_FOUND': return new DomainError(err.code, 400, `Requested image ${body.image_uuid} could not be found`);
    case 'NETWORK_NOT_FOUND': return new DomainError(err.code, 400, err.message);
    case 'KEYPAIR_NOT_FOUND': return new DomainError(err.code, 400, `Invalid key_name ${body.key_name ?? ''} provided.`);
    case 'QUOTA_EXCEEDED': return new DomainError(err.code, 403, err.message);
    default: return err;
  }
}

function checkUserData(userData: string | undefined): void {
  if (userData === undefined) return;
  if (userData.length > 65535) {
    throw new DomainError('BAD_REQUEST', 400, `User data too large. User data must be no larger than 65535 bytes once base64 encoded. Your data is ${userData.length} bytes`);
  }
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(userData)) throw new DomainError('BAD_REQUEST', 400, 'User data needs to be valid base 64.');
}

export function instanceRoutes(rt: Runtime): RouteDef[] {
  const service = new InstanceService(rt);

  const render = async (request: FastifyRequest, rows: BaremetalInstance[], fields: string[] | null) => {
    const ports = await pluggedPorts(rt, rows.map((r) => r.uuid));
    const base = moganBase(rt, request);
    return rows.map((r) => {
      const full = instanceView(r, ports.get(r.uuid) ?? [], base);
      return fields ? selectFields(full, fields) : full;
    });
  };

  const list = (detail: boolean) => async (request: FastifyRequest) => {
    rejectUnknownQuery(request, detail ? ['all_tenants'] : ['all_tenants', 'fields']);
    const allTenants = parseAllTenants(request) && request.ctx.isAdmin;
    const rows = await listInstances(rt, allTenants ? null : request.ctx.projectId ?? '');
    const fields = detail ? null : (parseFields((request.query as Record<string, unknown>).fields) ?? DEFAULT_LIST_FIELDS);
    return { instances: await render(request, rows, fields) };
  };

  return [
    {
      method: 'POST', url: '/instances', policy: 'mogan:instance:create', body: { '1': createBody },
      handler: async (request, reply) => {
        const body = request.body as CreateBody;
        const minCount = body.min_count ?? 1;
        const maxCount = body.max_count ?? minCount;
        if (minCount > maxCount) throw new DomainError('BAD_REQUEST', 400, 'min_count must be <= max_count');
        checkUserData(body.user_data);
        const created = await service.create(request.ctx, {
          name: body.name,
          description: body.description ?? null,
          imageRef: body.image_uuid,
          flavorRef: body.instance_type_uuid,
          minCount,
          maxCount,
          availabilityZone: body.availability_zone,
          metadata: body.extra ?? {},
          tags: [],
          keyName: body.key_name,
          userData: body.user_data,
          securityGroups: ['default'],
          networks: body.networks.map((n) => ({ uuid: n.net_id })),
        }).catch((err: unknown) => { throw createError(err, body); });
        const first = created.instances[0];
        const [view] = await render(request, [first], null);
        return reply.code(201).header('location', `${moganBase(rt, request)}/v1/instances/${first.uuid}`).send(view);
      },
    },
    { method: 'GET', url: '/instances', handler: list(false) },
    { method: 'GET', url: '/instances/detail', handler: list(true) },
    {
      method: 'GET', url: '/instances/:ident', policy: 'mogan:instance:get',
      handler: async (request) => {
        rejectUnknownQuery(request, ['fields']);
        const instance = await loadInstance(rt, request, 'get');
        const [view] = await render(request, [instance], parseFields((request.query as Record<string, unknown>).fields));
        return view;
      },
    },
    {
      method: 'PATCH', url: '/instances/:ident', policy: 'mogan:instance:update', body: { '1': patchBody },
      handler: async (request) => {
        const instance = await loadInstance(rt, request, 'update');
        const [current] = await render(request, [instance], null);
        const edit = planInstancePatch(current, request.body as PatchOp[]);
        const updated = await editInstance(rt, request.ctx, instance, edit);
        const [view] = await render(request, [updated], null);
        return view;
      },
    },
    {
      method: 'DELETE', url: '/instances/:ident', policy: 'mogan:instance:delete',
      handler: async (request, reply) => {
        const instance = await loadInstance(rt, request, 'delete');
        moganTransition(instance.uuid, moganStatus({ vmState: instance.vm_state, taskState: instance.task_state, powerState: instance.power_state }), 'delete');
        await service.delete(request.ctx, instance.uuid);
        return reply.code(204).send();
      },
    },
  ];
}
