/**
 * Cinder's user messages (cinder/api/v3/messages.py, from 3.3). stackbox records none: nothing
 * it does asynchronously fails the way Cinder's messages describe except a create the pool cannot
 * hold, and that volume's status says so. The list is empty, show and delete find nothing.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { messageNotFound } from '../../domain/volumes/errors.js';

export function messageRoutes(_rt: Runtime): RouteDef[] {
  const own = (request: { ctx: { projectId: string | null } }) => ({ project_id: request.ctx.projectId ?? '' });
  return [
    route({
      method: 'GET',
      url: '/messages',
      policy: 'message:get_all',
      minVersion: '3.3',
      target: own,
      handler: async () => ({ messages: [] }),
    }),
    route({
      method: 'GET',
      url: '/messages/:id',
      policy: 'message:get',
      minVersion: '3.3',
      handler: async (request) => {
        // the message is read before the policy check: nothing to read
        throw messageNotFound(request.params.id);
      },
    }),
    route({
      method: 'DELETE',
      url: '/messages/:id',
      policy: 'message:delete',
      minVersion: '3.3',
      handler: async (request) => {
        throw messageNotFound(request.params.id);
      },
    }),
  ];
}
