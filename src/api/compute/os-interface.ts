/**
 * /servers/{id}/os-interface[/{port_id}] (nova/api/openstack/compute/attach_interfaces.py).
 * Order as Nova: schema (registerRoutes) → instance 404 → policy 403 → the controller's
 * combination checks (400) → lock/state (409) → the compute side's answer.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import { authorize } from '../../policy/check.js';
import { InterfaceService, type AttachRequest } from '../../services/compute/interface-service.js';
import { requestServer, serverProject, visible } from './server-lookup.js';
import { interfaceCreateBody } from './schemas/os-interface.js';
import { attachmentView } from './views/os-interface.js';

const P = 'os_compute_api:os-attach-interfaces';

export function interfaceRoutes(rt: Runtime): RouteDef[] {
  const svc = new InterfaceService(rt);
  const target = serverProject(rt);
  const server = (request: FastifyRequest & { params: { serverId: string } }) => requestServer(rt, request);
  return [
    route({
      // the server and its ports in one query; 404 then policy as the other routes' targets do
      method: 'GET',
      url: '/servers/:serverId/os-interface',
      policy: `${P}:list`,
      handler: async (request) => {
        const id = request.params.serverId;
        const found = visible(request, id, await svc.list(request.ctx, id));
        authorize(request.ctx, `${P}:list`, { project_id: found.project_id });
        return { interfaceAttachments: found.attachments.map((a) => attachmentView(a, request.mv)) };
      },
    }),
    route({
      method: 'GET',
      url: '/servers/:serverId/os-interface/:portId',
      policy: `${P}:show`,
      target,
      handler: async (request) => {
        const row = await server(request);
        const a = await svc.show(request.ctx, row, request.params.serverId, request.params.portId);
        return { interfaceAttachment: attachmentView(a, request.mv) };
      },
    }),
    route({
      method: 'POST',
      url: '/servers/:serverId/os-interface',
      policy: `${P}:create`,
      body: interfaceCreateBody,
      target,
      handler: async (request) => {
        const row = await server(request);
        const att = request.body.interfaceAttachment;
        // empty strings count as absent, as Python's truthiness does in the controller
        const req: AttachRequest = {};
        if (att?.net_id) req.netId = att.net_id;
        if (att?.port_id) req.portId = att.port_id;
        if (att?.fixed_ips?.[0]?.ip_address) req.fixedIp = att.fixed_ips[0].ip_address;
        if (att?.tag !== undefined) req.tag = att.tag;
        if (req.netId && req.portId) throw badRequest('Must not input both network_id and port_id');
        if (req.fixedIp && !req.netId) throw badRequest('Must input network_id when request IP address');
        const a = await svc.attach(request.ctx, row, req);
        return { interfaceAttachment: attachmentView(a, request.mv) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/servers/:serverId/os-interface/:portId',
      policy: `${P}:delete`,
      target,
      handler: async (request, reply) => {
        const row = await server(request);
        await svc.detach(request.ctx, row, request.params.portId);
        return reply.code(202).send();
      },
    }),
  ];
}
