/** /instances: create, list, detail, show (fields=), PATCH (JSON Patch), delete. */
import { first } from '../../lib/arrays.js';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { isDomainError } from '../../domain/errors.js';
import { InstanceService } from '../../services/compute/instance-service.js';
import { baseUrl } from '../../http/base-url.js';
import { listInstances, pluggedPorts, type BaremetalInstance } from '../../services/baremetal/instance-queries.js';
import { editInstance } from '../../services/baremetal/instance-edit.js';
import { moganTransition } from '../../domain/instances/mogan-fsm.js';
import { moganStatus } from '../../domain/instances/mogan-status.js';
import { DEFAULT_LIST_FIELDS, instanceView, parseFields, selectFields } from './views/instances.js';
import { createBody, patchBody, type CreateBody } from './schemas/instances.js';
import { instanceTarget, loadInstance } from './instance-lookup.js';
import { planInstancePatch } from './instance-patch.js';
import { rejectUnknownQuery, parseAllTenants } from './query.js';
import {
  countsInverted,
  createFlavorNotFound,
  createImageNotFound,
  createKeypairNotFound,
  createNetworkNotFound,
  createQuotaExceeded,
  userDataNotBase64,
  userDataTooLarge,
} from './errors.js';

export const moganBase = (rt: Runtime, request: FastifyRequest): string =>
  `${baseUrl(rt.config, request)}/baremetal-compute`;

/** Re-words the shared service's Nova errors the way Mogan's create reports them (reference §5.1.1). */
function createError(err: unknown, body: CreateBody): unknown {
  if (!isDomainError(err)) return err;
  switch (err.code) {
    case 'FLAVOR_NOT_FOUND':
      return createFlavorNotFound(body.instance_type_uuid);
    case 'IMAGE_NOT_FOUND':
      return createImageNotFound(body.image_uuid);
    case 'NETWORK_NOT_FOUND':
      return createNetworkNotFound(err.message);
    case 'KEYPAIR_NOT_FOUND':
      return createKeypairNotFound(body.key_name ?? '');
    case 'QUOTA_EXCEEDED':
      return createQuotaExceeded(err.message);
    default:
      return err;
  }
}

function checkUserData(userData: string | undefined): void {
  if (userData === undefined) return;
  if (userData.length > 65535) throw userDataTooLarge(userData.length);
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(userData)) throw userDataNotBase64();
}

export function instanceRoutes(rt: Runtime): RouteDef[] {
  const service = new InstanceService(rt);
  const target = instanceTarget(rt);

  const render = async (request: FastifyRequest, rows: BaremetalInstance[], fields: string[] | null) => {
    const ports = await pluggedPorts(
      rt,
      rows.map((r) => r.uuid),
    );
    const base = moganBase(rt, request);
    return rows.map((r) => {
      const full = instanceView(r, ports.get(r.uuid) ?? [], base);
      return fields ? selectFields(full, fields) : full;
    });
  };

  const list = (detail: boolean) => async (request: FastifyRequest<{ Querystring: RawQuery }>) => {
    const query = request.query;
    rejectUnknownQuery(query, detail ? ['all_tenants'] : ['all_tenants', 'fields']);
    const allTenants = parseAllTenants(query) && request.ctx.isAdmin;
    const rows = await listInstances(rt, allTenants ? null : (request.ctx.projectId ?? ''));
    const fields = detail ? null : (parseFields(query.fields) ?? DEFAULT_LIST_FIELDS);
    return { instances: await render(request, rows, fields) };
  };

  return [
    route({
      method: 'POST',
      url: '/instances',
      policy: 'mogan:instance:create',
      body: { '1': createBody },
      handler: async (request, reply) => {
        const body = request.body;
        const minCount = body.min_count ?? 1;
        const maxCount = body.max_count ?? minCount;
        if (minCount > maxCount) throw countsInverted();
        checkUserData(body.user_data);
        const created = await service
          .create(request.ctx, {
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
          })
          .catch((err: unknown) => {
            throw createError(err, body);
          });
        const created1 = first(created.instances, 'created instance');
        const view = first(await render(request, [created1], null));
        return reply
          .code(201)
          .header('location', `${moganBase(rt, request)}/v1/instances/${created1.uuid}`)
          .send(view);
      },
    }),
    route({ method: 'GET', url: '/instances', handler: list(false) }),
    route({ method: 'GET', url: '/instances/detail', handler: list(true) }),
    route({
      method: 'GET',
      url: '/instances/:ident',
      policy: 'mogan:instance:get',
      // WSME refuses an unknown argument before the controller looks anything up: 400 before 404/403
      target: (request) => {
        rejectUnknownQuery(request.query, ['fields']);
        return target(request);
      },
      handler: async (request) => {
        const instance = await loadInstance(rt, request);
        const [view] = await render(request, [instance], parseFields(request.query.fields));
        return view;
      },
    }),
    route({
      method: 'PATCH',
      url: '/instances/:ident',
      policy: 'mogan:instance:update',
      target,
      body: { '1': patchBody },
      handler: async (request) => {
        const instance = await loadInstance(rt, request);
        const current = first(await render(request, [instance], null));
        const edit = planInstancePatch(current, request.body);
        const updated = await editInstance(rt, request.ctx, instance, edit);
        const [view] = await render(request, [updated], null);
        return view;
      },
    }),
    route({
      method: 'DELETE',
      url: '/instances/:ident',
      policy: 'mogan:instance:delete',
      target,
      handler: async (request, reply) => {
        const instance = await loadInstance(rt, request);
        moganTransition(
          instance.uuid,
          moganStatus({ vmState: instance.vm_state, taskState: instance.task_state, powerState: instance.power_state }),
          'delete',
        );
        await service.delete(request.ctx, instance.uuid);
        return reply.code(204).send();
      },
    }),
  ];
}
