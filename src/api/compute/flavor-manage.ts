/**
 * Flavor management: POST /flavors, DELETE /flavors/{id}, PUT /flavors/{id} (2.55+)
 * (nova/api/openstack/compute/flavor_manage.py, nova/compute/flavors.py create()).
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import { newUuid } from '../../lib/ids.js';
import { createFlavor, deleteFlavor, updateDescription } from '../../services/compute/flavor-service.js';
import { computeRoot } from './versions.js';
import { flavorDetail } from './views/flavors.js';
import { flavorCreate, flavorUpdate } from './schemas/flavor-manage.js';
import { isTrueString } from '../../lib/bool-from-string.js';

const MAX_INT = 2147483647;

/**
 * nova/compute/flavors.py create() → utils.validate_integer (oslo strutils): digit strings pass the
 * schema and are range-checked here; InvalidInput reads "Invalid input received: <reason>".
 */
function toInt(value: unknown, field: string, min: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && !/^\d+$/.test(value))
    throw badRequest(`Invalid input received: ${field} must be an integer`);
  if (n < min) throw badRequest(`Invalid input received: ${field} must be >= ${min}`);
  if (n > MAX_INT) throw badRequest(`Invalid input received: ${field} must be <= ${MAX_INT}`);
  return n;
}

export function flavorManageRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'POST',
      url: '/flavors',
      policy: 'os_compute_api:os-flavor-manage:create',
      body: flavorCreate,
      target: () => ({}),
      handler: async (request) => {
        const f = request.body.flavor;
        const created = await createFlavor(rt, {
          id: f.id === undefined || f.id === null ? newUuid() : String(f.id),
          name: f.name,
          ram: toInt(f.ram, 'ram', 1),
          vcpus: toInt(f.vcpus, 'vcpus', 1),
          disk: toInt(f.disk, 'disk', 0),
          ephemeral:
            f['OS-FLV-EXT-DATA:ephemeral'] === undefined ? 0 : toInt(f['OS-FLV-EXT-DATA:ephemeral'], 'ephemeral', 0),
          swap: f.swap === undefined ? 0 : toInt(f.swap, 'swap', 0),
          rxtx_factor: f.rxtx_factor === undefined ? 1 : Number(f.rxtx_factor),
          is_public:
            f['os-flavor-access:is_public'] === undefined || isTrueString(f['os-flavor-access:is_public']) ? 1 : 0,
          description: f.description ?? null,
        });
        return { flavor: flavorDetail(created, computeRoot(rt, request), request.mv, true) };
      },
    }),
    route({
      method: 'PUT',
      url: '/flavors/:flavorId',
      minVersion: '2.55',
      policy: 'os_compute_api:os-flavor-manage:update',
      body: flavorUpdate,
      target: () => ({}),
      handler: async (request) => {
        const f = await updateDescription(rt, request.params.flavorId, request.body.flavor.description);
        return { flavor: flavorDetail(f, computeRoot(rt, request), request.mv, true) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/flavors/:flavorId',
      policy: 'os_compute_api:os-flavor-manage:delete',
      target: () => ({}),
      handler: async (request, reply) => {
        await deleteFlavor(rt, request.params.flavorId);
        return reply.code(202).send();
      },
    }),
  ];
}
