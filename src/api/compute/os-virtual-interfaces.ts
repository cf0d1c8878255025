/**
 * GET /servers/{id}/os-virtual-interfaces: the nova-network-era listing (virtual_interfaces.py as
 * of Queens, `4c93003ede^`), served from our own interface records. Versions 2.1–2.43 only (the
 * route's maxVersion makes 2.44+ a 404, as Nova's version-gated method); `net_id` from 2.12.
 * Current Nova answers 410 and Neutron-era Nova 400: see docs/compatibility.md.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import { listVirtualInterfaces } from '../../services/compute/interface-service.js';
import { visibleServer } from './server-lookup.js';

const RULE = 'os_compute_api:os-virtual-interfaces';

/** nova/api/openstack/common.py _get_limit_param / _get_offset_param (Python int() accepts surrounding blanks and a sign) */
function nonNegative(q: RawQuery, name: 'limit' | 'offset'): number | undefined {
  const raw = q[name];
  if (raw === undefined) return undefined;
  const s = String(Array.isArray(raw) ? raw[raw.length - 1] : raw);
  if (!/^\s*[+-]?\d+\s*$/.test(s)) throw badRequest(`${name} param must be an integer`);
  const n = Number(s.trim());
  if (n < 0) throw badRequest(`${name} param must be positive`);
  return n;
}

export function virtualInterfaceRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      // the policy runs before the instance lookup, with the caller's own project as target
      method: 'GET',
      url: '/servers/:serverId/os-virtual-interfaces',
      policy: RULE,
      maxVersion: '2.43',
      target: () => ({}),
      handler: async (request) => {
        const row = await visibleServer(rt, request, request.params.serverId);
        // common.limited pages the list after the lookup
        const q = request.query ?? {};
        const limit = nonNegative(q, 'limit');
        const offset = nonNegative(q, 'offset') ?? 0;
        const max = rt.config.compute.maxListLimit;
        // common.limited: limit 0 or absent means max_limit
        const vifs = await listVirtualInterfaces(rt, row.uuid, { offset, limit: Math.min(max, limit || max) });
        const withNet = request.mv.atLeast('2.12');
        return {
          virtual_interfaces: vifs.map((v) =>
            withNet
              ? { id: v.id, mac_address: v.mac_address, net_id: v.network_id }
              : { id: v.id, mac_address: v.mac_address },
          ),
        };
      },
    }),
  ];
}
