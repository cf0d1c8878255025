/** GET /servers/{id}/ips[/{network}] (nova/api/openstack/compute/ips.py, views/addresses.py). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { DomainError } from '../../domain/errors.js';
import { authorize } from '../../policy/check.js';
import { addressesFor } from '../../services/compute/server-reads.js';
import { visibleServer } from './server-lookup.js';

export function ipsRoutes(rt: Runtime): RouteDef[] {
  const addresses = async (request: FastifyRequest, rule: string) => {
    const row = await visibleServer(rt, request, (request.params as { serverId: string }).serverId);
    authorize(request.ctx, `os_compute_api:ips:${rule}`, { project_id: row.project_id });
    const out: Record<string, Array<{ version: number; addr: string }>> = {};
    for (const a of (await addressesFor(rt, [row.uuid])).get(row.uuid) ?? []) {
      (out[a.network_name] ??= []).push({ version: a.ip_address.includes(':') ? 6 : 4, addr: a.ip_address });
    }
    return out;
  };
  return [
    {
      method: 'GET', url: '/servers/:serverId/ips', policy: 'os_compute_api:ips:index',
      handler: async (request) => ({ addresses: await addresses(request, 'index') }),
    },
    {
      method: 'GET', url: '/servers/:serverId/ips/:network', policy: 'os_compute_api:ips:show',
      handler: async (request) => {
        const all = await addresses(request, 'show');
        const net = decodeURIComponent((request.params as { network: string }).network);
        if (!(net in all)) throw new DomainError('NOT_FOUND', 404, 'Instance is not a member of specified network');
        return { [net]: all[net] };
      },
    },
  ];
}
