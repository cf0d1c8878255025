/**
 * GET / DELETE /servers/{id}/os-server-password (nova/api/openstack/compute/server_password.py):
 * the guest's encrypted password as the metadata service stored it in the server's system
 * metadata ('' when none), and its removal (204; the guest's actual password is unchanged).
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { serverPassword, storeServerPassword } from '../../services/compute/system-metadata.js';
import { requestServer, serverProject } from './server-lookup.js';

export function serverPasswordRoutes(rt: Runtime): RouteDef[] {
  const P = 'os_compute_api:os-server-password';
  const target = serverProject(rt);
  return [
    route({
      method: 'GET',
      url: '/servers/:serverId/os-server-password',
      policy: `${P}:show`,
      target,
      handler: async (request) => {
        const row = await requestServer(rt, request);
        return { password: await serverPassword(rt, request.ctx, row.uuid) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/servers/:serverId/os-server-password',
      policy: `${P}:clear`,
      target,
      handler: async (request, reply) => {
        const row = await requestServer(rt, request);
        await storeServerPassword(rt, request.ctx, row.uuid, null);
        return reply.code(204).send();
      },
    }),
  ];
}
