/**
 * os-aggregates (nova/api/openstack/compute/aggregates.py): list, create, show, update, delete
 * and the add_host / remove_host / set_metadata actions; the uuid is shown from 2.41. An
 * aggregate with availability_zone metadata puts its hosts in that zone (services/compute/
 * aggregate-service.ts), which os-availability-zone and server create follow.
 */
import type { Runtime } from '../../runtime.js';
import type { ApiVersion } from '../../http/api-version.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import { authorize } from '../../policy/check.js';
import { validateAction } from './action-body.js';
import {
  addHostAction,
  aggregateCreate,
  aggregateUpdate,
  removeHostAction,
  setMetadataAction,
} from './schemas/os-aggregates.js';
import {
  addHost,
  aggregateSeq,
  createAggregate,
  deleteAggregate,
  getAggregate,
  listAggregates,
  removeHost,
  setAggregateMetadata,
  updateAggregate,
  zoneOf,
  type AggregateFull,
} from '../../services/compute/aggregate-service.js';

/** Nova's datetimes: naive ISO with microseconds */
const novaTime = (iso: string | null) => (iso ? iso.replace('Z', '000') : null);

function view(a: AggregateFull, mv: ApiVersion, withMembers = true): Record<string, unknown> {
  const out: Record<string, unknown> = {
    availability_zone: zoneOf(a),
    created_at: novaTime(a.created_at),
    deleted: false,
    deleted_at: null,
    ...(withMembers ? { hosts: a.hosts } : {}),
    id: a.seq,
    ...(withMembers ? { metadata: a.metadata } : {}),
    name: a.name,
    updated_at: novaTime(a.updated_at),
  };
  if (mv.atLeast('2.41')) out.uuid = a.id;
  return out;
}

const POLICY = (what: string) => `os_compute_api:os-aggregates:${what}`;

export function aggregateRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'GET',
      url: '/os-aggregates',
      policy: POLICY('index'),
      target: () => ({}),
      handler: async (request) => ({ aggregates: (await listAggregates(rt)).map((a) => view(a, request.mv)) }),
    }),
    route({
      method: 'POST',
      url: '/os-aggregates',
      policy: POLICY('create'),
      body: aggregateCreate,
      target: () => ({}),
      handler: async (request) => {
        const { name, availability_zone: zone } = request.body.aggregate;
        const a = await createAggregate(rt, name.trim(), zone ? zone.trim() : null);
        return { aggregate: view(a, request.mv, false) };
      },
    }),
    route({
      method: 'GET',
      url: '/os-aggregates/:id',
      policy: POLICY('show'),
      target: () => ({}),
      handler: async (request) => ({
        aggregate: view(await getAggregate(rt, aggregateSeq(request.params.id)), request.mv),
      }),
    }),
    route({
      method: 'PUT',
      url: '/os-aggregates/:id',
      policy: POLICY('update'),
      body: aggregateUpdate,
      target: () => ({}),
      handler: async (request) => {
        const values = { ...request.body.aggregate };
        if (values.name !== undefined) values.name = values.name.trim();
        const a = await updateAggregate(rt, aggregateSeq(request.params.id), values);
        return { aggregate: view(a, request.mv) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/os-aggregates/:id',
      policy: POLICY('delete'),
      target: () => ({}),
      handler: async (request, reply) => {
        await deleteAggregate(rt, aggregateSeq(request.params.id));
        return reply.code(200).send();
      },
    }),
    route({
      // one route, three actions: each checks its schema, then its own rule (aggregates.py)
      method: 'POST',
      url: '/os-aggregates/:id/action',
      policy: POLICY('add_host'),
      handler: async (request) => {
        const body: unknown = request.body;
        if (body === null || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length !== 1)
          throw badRequest('Malformed request body');
        const action = Object.keys(body)[0] ?? '';
        const id = request.params.id;
        let a: AggregateFull;
        if (action === 'add_host') {
          validateAction(addHostAction, body);
          authorize(request.ctx, POLICY('add_host'));
          a = await addHost(rt, aggregateSeq(id), body.add_host.host);
        } else if (action === 'remove_host') {
          validateAction(removeHostAction, body);
          authorize(request.ctx, POLICY('remove_host'));
          a = await removeHost(rt, aggregateSeq(id), body.remove_host.host);
        } else if (action === 'set_metadata') {
          validateAction(setMetadataAction, body);
          authorize(request.ctx, POLICY('set_metadata'));
          a = await setAggregateMetadata(rt, aggregateSeq(id), body.set_metadata.metadata);
        } else {
          throw badRequest(`There is no such action: ${action}`);
        }
        return { aggregate: view(a, request.mv) };
      },
    }),
  ];
}
