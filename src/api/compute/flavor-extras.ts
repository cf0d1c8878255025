/**
 * os-flavor-extra-specs (nova/api/openstack/compute/flavors_extraspecs.py) and os-flavor-access
 * (flavor_access.py): per-flavor key/value specs and the project access list of private flavors.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import { accessListOfPublicFlavor, extraSpecNotFound } from '../../domain/compute-errors.js';
import { validateAction } from './action-body.js';
import { authorize } from '../../policy/check.js';
import {
  changeExtraSpecs,
  extraSpecsOf as specs,
  flavorAccess,
  grantFlavorAccess,
  revokeFlavorAccess,
  visibleFlavor,
  type FlavorRow,
} from '../../services/compute/flavor-service.js';
import { addTenantAccess, extraSpecUpdate, extraSpecsCreate, removeTenantAccess } from './schemas/flavor-manage.js';

/** Nova stores every value as a string; Python's str(True) is 'True'. */
const specString = (v: unknown): string => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));

const accessList = (flavorId: string, projects: string[]) => ({
  flavor_access: projects.map((p) => ({ flavor_id: flavorId, tenant_id: p })),
});

export function flavorExtrasRoutes(rt: Runtime): RouteDef[] {
  // the rules are checked against the caller's own project, before the flavor is looked up
  const target = () => ({});
  const load = (request: FastifyRequest & { params: { flavorId: string } }): Promise<FlavorRow> =>
    visibleFlavor(rt, request.ctx, request.params.flavorId);
  const mutate = (flavorId: string, fn: Parameters<typeof changeExtraSpecs>[2]) => changeExtraSpecs(rt, flavorId, fn);

  return [
    route({
      method: 'GET',
      url: '/flavors/:flavorId/os-extra_specs',
      policy: 'os_compute_api:os-flavor-extra-specs:index',
      target,
      handler: async (request) => ({ extra_specs: specs(await load(request)) }),
    }),
    route({
      method: 'POST',
      url: '/flavors/:flavorId/os-extra_specs',
      policy: 'os_compute_api:os-flavor-extra-specs:create',
      body: extraSpecsCreate,
      target,
      handler: async (request) => {
        const f = await load(request);
        const given = Object.fromEntries(Object.entries(request.body.extra_specs).map(([k, v]) => [k, specString(v)]));
        await mutate(f.id, (s) => ({ ...s, ...given }));
        return { extra_specs: given };
      },
    }),
    route({
      method: 'GET',
      url: '/flavors/:flavorId/os-extra_specs/:key',
      policy: 'os_compute_api:os-flavor-extra-specs:show',
      target,
      handler: async (request) => {
        const f = await load(request);
        const k = request.params.key;
        const s = specs(f);
        if (!Object.hasOwn(s, k)) throw extraSpecNotFound(f.id, k);
        return { [k]: s[k] };
      },
    }),
    route({
      method: 'PUT',
      url: '/flavors/:flavorId/os-extra_specs/:key',
      policy: 'os_compute_api:os-flavor-extra-specs:update',
      body: extraSpecUpdate,
      target,
      handler: async (request) => {
        const f = await load(request);
        const k = request.params.key;
        const body = request.body;
        if (!Object.hasOwn(body, k)) throw badRequest('Request body and URI mismatch');
        const value = specString(body[k]);
        await mutate(f.id, (s) => ({ ...s, [k]: value }));
        return { [k]: value };
      },
    }),
    route({
      method: 'DELETE',
      url: '/flavors/:flavorId/os-extra_specs/:key',
      policy: 'os_compute_api:os-flavor-extra-specs:delete',
      target,
      handler: async (request, reply) => {
        const f = await load(request);
        const k = request.params.key;
        if (!Object.hasOwn(specs(f), k)) throw extraSpecNotFound(f.id, k);
        await mutate(f.id, (s) => Object.fromEntries(Object.entries(s).filter(([x]) => x !== k)));
        return reply.code(200).send();
      },
    }),
    route({
      method: 'GET',
      url: '/flavors/:flavorId/os-flavor-access',
      policy: 'os_compute_api:os-flavor-access',
      target,
      handler: async (request) => {
        const f = await load(request);
        if (f.is_public === 1) throw accessListOfPublicFlavor();
        return accessList(f.id, await flavorAccess(rt, f.id));
      },
    }),
    route({
      // two actions with their own rules and schemas: the rule is checked before the action's schema
      method: 'POST',
      url: '/flavors/:flavorId/action',
      policy: 'os_compute_api:os-flavor-access:add_tenant_access',
      handler: async (request) => {
        const body: unknown = request.body;
        if (body === null || typeof body !== 'object' || Array.isArray(body))
          throw badRequest('Malformed request body');
        const action = Object.keys(body)[0];
        if (action === 'addTenantAccess') {
          authorize(request.ctx, 'os_compute_api:os-flavor-access:add_tenant_access');
          validateAction(addTenantAccess, body);
          const f = await load(request);
          // flavor_access.py: public flavors refuse access entries only from 2.7
          return accessList(
            f.id,
            await grantFlavorAccess(rt, f, body.addTenantAccess.tenant, request.mv.atLeast('2.7')),
          );
        }
        if (action === 'removeTenantAccess') {
          authorize(request.ctx, 'os_compute_api:os-flavor-access:remove_tenant_access');
          validateAction(removeTenantAccess, body);
          const f = await load(request);
          return accessList(f.id, await revokeFlavorAccess(rt, f.id, body.removeTenantAccess.tenant));
        }
        throw badRequest(`There is no such action: ${action ?? ''}`);
      },
    }),
  ];
}
