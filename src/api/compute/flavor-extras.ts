/**
 * os-flavor-extra-specs (nova/api/openstack/compute/flavors_extraspecs.py) and os-flavor-access
 * (flavor_access.py): per-flavor key/value specs and the project access list of private flavors.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { SchemaError, type RouteDef } from '../../http/route-table.js';
import { compileSchema } from '../../http/validation.js';
import { DomainError, badRequest } from '../../domain/errors.js';
import { authorize } from '../../policy/check.js';
import {
  changeExtraSpecs, extraSpecsOf as specs, flavorAccess, grantFlavorAccess, revokeFlavorAccess, visibleFlavor, type FlavorRow,
} from '../../services/compute/flavor-service.js';
import { addTenantAccess, extraSpecUpdate, extraSpecsCreate, removeTenantAccess } from './schemas/flavor-manage.js';

/** Nova stores every value as a string; Python's str(True) is 'True'. */
const specString = (v: unknown): string => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));

const accessList = (flavorId: string, projects: string[]) => ({
  flavor_access: projects.map((p) => ({ flavor_id: flavorId, tenant_id: p })),
});

export function flavorExtrasRoutes(rt: Runtime): RouteDef[] {
  const load = (request: FastifyRequest): Promise<FlavorRow> =>
    visibleFlavor(rt, request.ctx, (request.params as { flavorId: string }).flavorId);
  const mutate = (flavorId: string, fn: Parameters<typeof changeExtraSpecs>[2]) => changeExtraSpecs(rt, flavorId, fn);
  const key = (request: FastifyRequest) => (request.params as { key: string }).key;
  const noKey = (flavorId: string, k: string) =>
    new DomainError('NOT_FOUND', 404, `Flavor ${flavorId} has no extra specs with key ${k}.`);

  return [
    {
      method: 'GET', url: '/flavors/:flavorId/os-extra_specs', policy: 'os_compute_api:os-flavor-extra-specs:index',
      handler: async (request) => {
        authorize(request.ctx, 'os_compute_api:os-flavor-extra-specs:index');
        return { extra_specs: specs(await load(request)) };
      },
    },
    {
      method: 'POST', url: '/flavors/:flavorId/os-extra_specs', policy: 'os_compute_api:os-flavor-extra-specs:create', body: extraSpecsCreate,
      handler: async (request) => {
        authorize(request.ctx, 'os_compute_api:os-flavor-extra-specs:create');
        const f = await load(request);
        const given = Object.fromEntries(Object.entries((request.body as { extra_specs: Record<string, unknown> }).extra_specs)
          .map(([k, v]) => [k, specString(v)]));
        await mutate(f.id, (s) => ({ ...s, ...given }));
        return { extra_specs: given };
      },
    },
    {
      method: 'GET', url: '/flavors/:flavorId/os-extra_specs/:key', policy: 'os_compute_api:os-flavor-extra-specs:show',
      handler: async (request) => {
        authorize(request.ctx, 'os_compute_api:os-flavor-extra-specs:show');
        const f = await load(request);
        const k = key(request);
        const s = specs(f);
        if (!Object.hasOwn(s, k)) throw noKey(f.id, k);
        return { [k]: s[k] };
      },
    },
    {
      method: 'PUT', url: '/flavors/:flavorId/os-extra_specs/:key', policy: 'os_compute_api:os-flavor-extra-specs:update', body: extraSpecUpdate,
      handler: async (request) => {
        authorize(request.ctx, 'os_compute_api:os-flavor-extra-specs:update');
        const f = await load(request);
        const k = key(request);
        const body = request.body as Record<string, unknown>;
        if (!Object.hasOwn(body, k)) throw badRequest('Request body and URI mismatch');
        const value = specString(body[k]);
        await mutate(f.id, (s) => ({ ...s, [k]: value }));
        return { [k]: value };
      },
    },
    {
      method: 'DELETE', url: '/flavors/:flavorId/os-extra_specs/:key', policy: 'os_compute_api:os-flavor-extra-specs:delete',
      handler: async (request, reply) => {
        authorize(request.ctx, 'os_compute_api:os-flavor-extra-specs:delete');
        const f = await load(request);
        const k = key(request);
        if (!Object.hasOwn(specs(f), k)) throw noKey(f.id, k);
        await mutate(f.id, (s) => Object.fromEntries(Object.entries(s).filter(([x]) => x !== k)));
        return reply.code(200).send();
      },
    },
    {
      method: 'GET', url: '/flavors/:flavorId/os-flavor-access', policy: 'os_compute_api:os-flavor-access',
      handler: async (request) => {
        authorize(request.ctx, 'os_compute_api:os-flavor-access');
        const f = await load(request);
        if (f.is_public === 1) throw new DomainError('NOT_FOUND', 404, 'Access list not available for public flavors.');
        return accessList(f.id, await flavorAccess(rt, f.id));
      },
    },
    {
      method: 'POST', url: '/flavors/:flavorId/action', policy: 'os_compute_api:os-flavor-access:add_tenant_access',
      handler: async (request) => {
        const body = request.body as Record<string, unknown> | null;
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Malformed request body');
        const action = Object.keys(body)[0];
        if (action === 'addTenantAccess') {
          authorize(request.ctx, 'os_compute_api:os-flavor-access:add_tenant_access');
          const v = compileSchema(addTenantAccess).check(body);
          if (v) throw new SchemaError('body', v);
          const tenant = (body.addTenantAccess as { tenant: string }).tenant;
          const f = await load(request);
          // flavor_access.py: public flavors refuse access entries only from 2.7
          return accessList(f.id, await grantFlavorAccess(rt, f, tenant, request.mv.atLeast('2.7')));
        }
        if (action === 'removeTenantAccess') {
          authorize(request.ctx, 'os_compute_api:os-flavor-access:remove_tenant_access');
          const v = compileSchema(removeTenantAccess).check(body);
          if (v) throw new SchemaError('body', v);
          const tenant = (body.removeTenantAccess as { tenant: string }).tenant;
          const f = await load(request);
          return accessList(f.id, await revokeFlavorAccess(rt, f.id, tenant));
        }
        throw badRequest(`There is no such action: ${action ?? ''}`);
      },
    },
  ];
}
