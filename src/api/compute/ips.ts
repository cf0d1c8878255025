/** GET /servers/{id}/ips[/{network}] (nova/api/openstack/compute/ips.py, views/addresses.py). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { notNetworkMember } from '../../domain/compute-errors.js';
import { addressesFor } from '../../services/compute/server-reads.js';
import { requestServer, serverProject } from './server-lookup.js';

export function ipsRoutes(rt: Runtime): RouteDef[] {
  const addresses = async (request: FastifyRequest & { params: { serverId: string } }) => {
    const row = await requestServer(rt, request);
    const out: Record<string, Array<{ version: number; addr: string }>> = {};
    for (const a of (await addressesFor(rt, [row.uuid])).get(row.uuid) ?? []) {
      (out[a.network_name] ??= []).push({ version: a.ip_address.includes(':') ? 6 : 4, addr: a.ip_address });
    }
    return out;
  };
  return [
    route({
      method: 'GET',
      url: '/servers/:serverId/ips',
      policy: 'os_compute_api:ips:index',
      target: serverProject(rt),
      handler: async (request) => ({ addresses: await addresses(request) }),
    }),
    route({
      method: 'GET',
      url: '/servers/:serverId/ips/:network',
      policy: 'os_compute_api:ips:show',
      target: serverProject(rt),
      handler: async (request) => {
        const all = await addresses(request);
        const net = decodeURIComponent(request.params.network);
        if (!(net in all)) throw notNetworkMember();
        return { [net]: all[net] };
      },
    }),
  ];
}
