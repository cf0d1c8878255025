/**
 * os-services (nova/api/openstack/compute/services.py): the list (forced_down from 2.11, uuid
 * ids from 2.53), the pre-2.53 actions PUT /os-services/{enable,disable,disable-log-reason,
 * force-down} naming the service by host and binary, the 2.53 PUT /os-services/{uuid}, and
 * DELETE. Rules live in services/compute/service-admin.ts.
 */
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { ApiVersion } from '../../http/api-version.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { badRequest, notFound } from '../../domain/errors.js';
import { isUuidLike } from '../../lib/ids.js';
import { serviceUpdate, servicesQuery, type ServiceUpdateBody } from './schemas/os-services.js';
import {
  deleteService,
  listServices,
  updateByHostAndBinary,
  updateService,
  type ServiceView,
} from '../../services/compute/service-admin.js';
import { isTrueString } from '../../lib/bool-from-string.js';

const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);
/** Nova's updated_at: naive ISO with microseconds */
const novaTime = (iso: string | null) => (iso ? iso.replace('Z', '000') : null);

function view(s: ServiceView, mv: ApiVersion): Record<string, unknown> {
  const out: Record<string, unknown> = {
    binary: s.binary,
    host: s.host,
    id: mv.atLeast('2.53') ? s.uuid : s.seq,
    zone: s.zone,
    status: s.status,
    state: s.state,
    updated_at: novaTime(s.updatedAt),
    disabled_reason: s.disabledReason,
  };
  if (mv.atLeast('2.11')) out.forced_down = s.forcedDown;
  return out;
}

/** the pre-2.53 actions (services.py _update_v21): what each writes and answers */
async function legacyAction(rt: Runtime, action: string, body: ServiceUpdateBody, mv: ApiVersion) {
  const host = body.host ?? '';
  const binary = body.binary ?? '';
  switch (action) {
    case 'enable':
      await updateByHostAndBinary(rt, host, binary, { status: 'enabled', disabled_reason: null });
      return { service: { host, binary, status: 'enabled' } };
    case 'disable':
      await updateByHostAndBinary(rt, host, binary, { status: 'disabled', disabled_reason: null });
      return { service: { host, binary, status: 'disabled' } };
    case 'disable-log-reason': {
      const reason = body.disabled_reason;
      if (reason === undefined) throw badRequest('Missing disabled reason field');
      await updateByHostAndBinary(rt, host, binary, { status: 'disabled', disabled_reason: reason });
      return { service: { host, binary, status: 'disabled', disabled_reason: reason } };
    }
    case 'force-down': {
      if (!mv.atLeast('2.11')) break;
      if (body.forced_down === undefined) throw badRequest('Missing forced_down field');
      const forcedDown = isTrueString(body.forced_down);
      await updateByHostAndBinary(rt, host, binary, { forced_down: forcedDown ? 1 : 0 });
      return { service: { host, binary, forced_down: forcedDown } };
    }
  }
  throw notFound('Unknown action');
}

export function serviceRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'GET',
      url: '/os-services',
      policy: 'os_compute_api:os-services:list',
      query: servicesQuery,
      target: () => ({}),
      handler: async (request) => {
        const services = await listServices(rt, { host: last(request.query.host), binary: last(request.query.binary) });
        return { services: services.map((s) => view(s, request.mv)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/os-services/:id',
      policy: 'os_compute_api:os-services:update',
      body: serviceUpdate,
      target: () => ({}),
      handler: async (request) => {
        const id = request.params.id;
        if (!request.mv.atLeast('2.53')) return legacyAction(rt, id, request.body, request.mv);
        if (!isUuidLike(id)) throw badRequest(`Invalid uuid ${id}`);
        const b = request.body;
        const svc = await updateService(rt, id, {
          status: b.status,
          disabled_reason: b.disabled_reason,
          forced_down: b.forced_down === undefined ? undefined : isTrueString(b.forced_down),
        });
        return { service: view(svc, request.mv) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/os-services/:id',
      policy: 'os_compute_api:os-services:delete',
      target: () => ({}),
      handler: async (request, reply: FastifyReply) => {
        const id = request.params.id;
        const byUuid = request.mv.atLeast('2.53');
        if (byUuid && !isUuidLike(id)) throw badRequest(`Invalid uuid ${id}`);
        if (!byUuid && !/^\s*[+-]?\d+\s*$/.test(id)) throw badRequest('Invalid input received: id must be an integer');
        await deleteService(rt, byUuid ? id : String(parseInt(id, 10)), byUuid);
        return reply.code(204).send();
      },
    }),
  ];
}
