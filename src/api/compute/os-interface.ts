/**
 * /servers/{id}/os-interface[/{port_id}] (nova/api/openstack/compute/attach_interfaces.py).
 * Order as Nova: schema (registerRoutes) → instance 404 → policy 403 → the controller's
 * combination checks (400) → lock/state (409) → the compute side's answer.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import type { ApiVersion } from '../../http/api-version.js';
import { badRequest } from '../../domain/errors.js';
import { authorize } from '../../policy/check.js';
import { InterfaceService, type AttachRequest } from '../../services/compute/interface-service.js';
import { visible, visibleServer } from './server-lookup.js';
import { interfaceCreateBody } from './schemas/os-interface.js';
import { attachmentView } from './views/os-interface.js';

const P = 'os_compute_api:os-attach-interfaces';

interface CreateBody {
  interfaceAttachment?: { net_id?: string; port_id?: string; fixed_ips?: Array<{ ip_address: string }>; tag?: string };
}

export function interfaceRoutes(rt: Runtime): RouteDef[] {
  const svc = new InterfaceService(rt);
  const params = (request: FastifyRequest) => request.params as { serverId: string; portId?: string };
  const server = async (request: FastifyRequest, rule: string) => {
    const row = await visibleServer(rt, request, params(request).serverId);
    authorize(request.ctx, `${P}:${rule}`, { project_id: row.project_id });
    return row;
  };
  const mv = (request: FastifyRequest) => request.mv as ApiVersion;
  return [
    {
      method: 'GET', url: '/servers/:serverId/os-interface', policy: `${P}:list`,
      handler: async (request) => {
        // the server and its ports in one query; 404 then policy as visibleServer + authorize do
        const id = params(request).serverId;
        const found = visible(request, id, await svc.list(request.ctx, id));
        authorize(request.ctx, `${P}:list`, { project_id: found.project_id });
        return { interfaceAttachments: found.attachments.map((a) => attachmentView(a, mv(request))) };
      },
    },
    {
      method: 'GET', url: '/servers/:serverId/os-interface/:portId', policy: `${P}:show`,
      handler: async (request) => {
        const row = await server(request, 'show');
        const a = await svc.show(request.ctx, row, params(request).serverId, params(request).portId ?? '');
        return { interfaceAttachment: attachmentView(a, mv(request)) };
      },
    },
    {
      method: 'POST', url: '/servers/:serverId/os-interface', policy: `${P}:create`, body: interfaceCreateBody,
      handler: async (request) => {
        const row = await server(request, 'create');
        const att = (request.body as CreateBody).interfaceAttachment ?? {};
        // empty strings count as absent, as Python's truthiness does in the controller
        const req: AttachRequest = {};
        if (att.net_id) req.netId = att.net_id;
        if (att.port_id) req.portId = att.port_id;
        if (att.fixed_ips?.[0]?.ip_address) req.fixedIp = att.fixed_ips[0].ip_address;
        if (att.tag !== undefined) req.tag = att.tag;
        if (req.netId && req.portId) throw badRequest('Must not input both network_id and port_id');
        if (req.fixedIp && !req.netId) throw badRequest('Must input network_id when request IP address');
        const a = await svc.attach(request.ctx, row, req);
        return { interfaceAttachment: attachmentView(a, mv(request)) };
      },
    },
    {
      method: 'DELETE', url: '/servers/:serverId/os-interface/:portId', policy: `${P}:delete`,
      handler: async (request, reply: FastifyReply) => {
        const row = await server(request, 'delete');
        await svc.detach(request.ctx, row, params(request).portId ?? '');
        return reply.code(202).send();
      },
    },
  ];
}
