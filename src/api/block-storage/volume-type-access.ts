/**
 * Private volume type access (cinder/api/contrib/volume_type_access.py): the list of projects a
 * private type is shared with, and the addProjectAccess / removeProjectAccess type actions.
 */
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, SchemaError, type RouteDef } from '../../http/route-table.js';
import { compileSchema } from '../../http/validation.js';
import { authorize } from '../../policy/check.js';
import { VolumeTypeService } from '../../services/block-storage/volume-type-service.js';
import { noSuchAction } from '../../domain/volumes/errors.js';
import { addProjectAccess, removeProjectAccess } from './schemas/volume-type-access.js';

interface TypeAction {
  schema: Record<string, unknown>;
  rule: string;
  run(svc: VolumeTypeService, ctx: Parameters<VolumeTypeService['get']>[0], id: string, project: string): Promise<void>;
}

/** the type actions, by their body key */
const ACTIONS: Record<string, TypeAction> = {
  addProjectAccess: {
    schema: addProjectAccess,
    rule: 'volume_extension:volume_type_access:addProjectAccess',
    run: (svc, ctx, id, project) => svc.addAccess(ctx, id, project),
  },
  removeProjectAccess: {
    schema: removeProjectAccess,
    rule: 'volume_extension:volume_type_access:removeProjectAccess',
    run: (svc, ctx, id, project) => svc.removeAccess(ctx, id, project),
  },
};

export function volumeTypeAccessRoutes(rt: Runtime): RouteDef[] {
  const svc = new VolumeTypeService(rt);
  return [
    route({
      method: 'GET',
      url: '/types/:id/os-volume-type-access',
      policy: 'volume_extension:volume_type_access:get_all_for_type',
      // Cinder's default target: the caller's own project
      target: (request) => ({ project_id: request.ctx.projectId ?? '' }),
      handler: async (request) => {
        const { type, projects } = await svc.accessList(request.ctx, request.params.id);
        return {
          volume_type_access: projects.map((p) => ({ volume_type_id: type.id, project_id: p })),
        };
      },
    }),
    route({
      method: 'POST',
      url: '/types/:id/action',
      policy: 'volume_extension:volume_type_access:addProjectAccess',
      handler: async (request, reply: FastifyReply) => {
        const body = request.body;
        const name =
          typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body)[0] : undefined;
        const action = name === undefined ? undefined : ACTIONS[name];
        if (!action || name === undefined) throw noSuchAction(name ?? 'None');
        // the action's schema is checked before its rule (validation.schema wraps the method)
        const violation = compileSchema(action.schema).check(body);
        if (violation) throw new SchemaError('body', violation);
        authorize(request.ctx, action.rule);
        const { project } = (body as Record<string, { project: string }>)[name] as { project: string };
        await action.run(svc, request.ctx, request.params.id, project);
        return reply.code(202).type('text/html; charset=UTF-8').send('');
      },
    }),
  ];
}
