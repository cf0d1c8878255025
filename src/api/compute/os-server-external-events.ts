/**
 * POST /os-server-external-events (nova/api/openstack/compute/server_external_events.py): the
 * admin/service API through which Neutron, Cinder, Ironic and Cyborg tell compute something
 * happened. Body validation runs before the policy check (400 before 403, as in Nova). Each event
 * gets its own code; the response is 200 when all were accepted, 207 otherwise (never 404 since
 * Ussuri). Processing is receiveEvents, shared with the built-in network service.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { receiveEvents, type ExternalEventInput } from '../../services/compute/external-events.js';
import { externalEventsCreate } from './schemas/os-server-external-events.js';
import { eventResultView } from './views/os-server-external-events.js';

const RULE = 'os_compute_api:os-server-external-events:create';

export function serverExternalEventRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'POST',
      url: '/os-server-external-events',
      policy: RULE,
      body: externalEventsCreate,
      target: () => ({}),
      handler: async (request, reply) => {
        const events: ExternalEventInput[] = request.body.events;
        const { results, overall } = await receiveEvents(rt, request.ctx, events);
        return reply.code(overall).send({ events: events.map((e, i) => eventResultView(e, resultOf(results, i))) });
      },
    }),
  ];
}

/** receiveEvents answers one result per event, in order */
function resultOf<T>(results: readonly T[], i: number): T {
  const r = results[i];
  if (r === undefined) throw new Error(`no result for event ${i}`);
  return r;
}
