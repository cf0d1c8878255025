/**
 * Cinder's /qos-specs (cinder/api/contrib/qos_specs_manage.py): admin CRUD, delete_keys, and the
 * association with volume types, which Cinder serves as GET member actions.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, SchemaError, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { compileSchema } from '../../http/validation.js';
import { QosSpecsService, type QosSpecsRow } from '../../services/block-storage/qos-specs-service.js';
import { invalidInput, notABoolean, volumeTypeIdMissing } from '../../domain/volumes/errors.js';
import { parseBoolString } from '../../lib/bool-from-string.js';
import { volumeLinks } from './views/volumes.js';
import { linkBase } from './volumes.js';
import { qosSpecsCreate, qosSpecsSet, qosSpecsUnset } from './schemas/qos-specs.js';

const last = (q: RawQuery, key: string): string | undefined => {
  const v = q[key];
  return Array.isArray(v) ? v[v.length - 1] : v;
};

function check<T>(schema: Record<string, unknown>, body: unknown): T {
  const violation = compileSchema(schema).check(body);
  if (violation) throw new SchemaError('body', violation);
  return body as T;
}

/** views/qos_specs.py detail */
const specsView = (q: QosSpecsRow) => ({
  id: q.id,
  name: q.name,
  consumer: q.consumer,
  specs: JSON.parse(q.specs) as Record<string, string>,
});

const accepted = (reply: FastifyReply) => reply.code(202).type('text/html; charset=UTF-8').send('');

export function qosSpecsRoutes(rt: Runtime): RouteDef[] {
  const svc = new QosSpecsService(rt);
  const detail = (request: FastifyRequest, q: QosSpecsRow) => ({
    qos_specs: specsView(q),
    links: volumeLinks(linkBase(rt, request), 'qos-specs', q.id),
  });
  const typeIdOf = (query: RawQuery): string => {
    const id = last(query, 'vol_type_id');
    if (!id) throw volumeTypeIdMissing();
    return id;
  };
  const admin = () => ({});

  return [
    route({
      method: 'GET',
      url: '/qos-specs',
      policy: 'volume_extension:qos_specs_manage:get_all',
      target: admin,
      handler: async (request) => {
        const q = request.query;
        const filter: { name?: string; consumer?: string; id?: string } = {};
        for (const k of ['id', 'name', 'consumer'] as const) {
          const v = last(q, k);
          if (v !== undefined) filter[k] = v;
        }
        return { qos_specs: (await svc.list(filter)).map(specsView) };
      },
    }),
    route({
      method: 'POST',
      url: '/qos-specs',
      policy: 'volume_extension:qos_specs_manage:create',
      target: admin,
      handler: async (request) => {
        const b = check<{ qos_specs: Record<string, unknown> & { name: string } }>(qosSpecsCreate, request.body);
        const { name, ...rest } = b.qos_specs;
        const keys: Record<string, string> = {};
        for (const [k, v] of Object.entries(rest)) {
          // utils.validate_dictionary_string_length
          if (typeof v !== 'string') throw invalidInput(`${k} must be a string`);
          keys[k] = v;
        }
        const trimmed = name.trim();
        if (trimmed === '') throw invalidInput('name must not be empty');
        return detail(request, await svc.create(trimmed, keys));
      },
    }),
    route({
      method: 'GET',
      url: '/qos-specs/:id',
      policy: 'volume_extension:qos_specs_manage:get',
      target: admin,
      handler: async (request) => detail(request, await svc.get(request.params.id)),
    }),
    route({
      method: 'PUT',
      url: '/qos-specs/:id',
      policy: 'volume_extension:qos_specs_manage:update',
      target: admin,
      handler: async (request) => {
        const b = check<{ qos_specs: Record<string, string> }>(qosSpecsSet, request.body);
        await svc.update(request.params.id, b.qos_specs);
        return b;
      },
    }),
    route({
      method: 'DELETE',
      url: '/qos-specs/:id',
      policy: 'volume_extension:qos_specs_manage:delete',
      target: admin,
      handler: async (request, reply: FastifyReply) => {
        const raw = last(request.query, 'force');
        const force = raw === undefined ? false : parseBoolString(raw);
        if (force === undefined) throw notABoolean('force', raw ?? '');
        await svc.delete(request.params.id, force);
        return accepted(reply);
      },
    }),
    route({
      method: 'PUT',
      url: '/qos-specs/:id/delete_keys',
      policy: 'volume_extension:qos_specs_manage:delete',
      target: admin,
      handler: async (request, reply: FastifyReply) => {
        const b = check<{ keys: string[] }>(qosSpecsUnset, request.body);
        await svc.deleteKeys(request.params.id, b.keys);
        return accepted(reply);
      },
    }),
    route({
      method: 'GET',
      url: '/qos-specs/:id/associations',
      policy: 'volume_extension:qos_specs_manage:get_all',
      target: admin,
      handler: async (request) => ({ qos_associations: await svc.associations(request.params.id) }),
    }),
    route({
      method: 'GET',
      url: '/qos-specs/:id/associate',
      policy: 'volume_extension:qos_specs_manage:update',
      target: admin,
      handler: async (request, reply: FastifyReply) => {
        await svc.associate(request.params.id, typeIdOf(request.query));
        return accepted(reply);
      },
    }),
    route({
      method: 'GET',
      url: '/qos-specs/:id/disassociate',
      policy: 'volume_extension:qos_specs_manage:update',
      target: admin,
      handler: async (request, reply: FastifyReply) => {
        await svc.disassociate(request.params.id, typeIdOf(request.query));
        return accepted(reply);
      },
    }),
    route({
      method: 'GET',
      url: '/qos-specs/:id/disassociate_all',
      policy: 'volume_extension:qos_specs_manage:update',
      target: admin,
      handler: async (request, reply: FastifyReply) => {
        await svc.disassociateAll(request.params.id);
        return accepted(reply);
      },
    }),
  ];
}
