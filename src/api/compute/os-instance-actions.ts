/**
 * GET /servers/{id}/os-instance-actions[/{request_id}] (nova/api/openstack/compute/instance_actions.py):
 * deleted servers are readable from 2.21; 2.58 adds updated_at and limit/marker/changes-since
 * paging, 2.66 changes-before; events are shown to admins always and to others from 2.51
 * (without traceback); 2.62 adds hostId (and host for admins), 2.84 details (admin).
 */
import { lastOf } from '../../lib/arrays.js';
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import { actionNotFound } from '../../domain/compute-errors.js';
import { allowed } from '../../policy/check.js';
import {
  ActionMarkerNotFound,
  findAction,
  listActions,
  listEvents,
  type ActionRow,
  type EventRow,
} from '../../services/compute/instance-action-reads.js';
import { computeRoot } from './versions.js';
import { requestServer } from './server-lookup.js';
import { instanceActionsQuery } from './schemas/queries.js';

const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

/** oslo datetime rendering: microseconds, no zone. */
const t6 = (t: string | null) => (t ? `${t.slice(0, 19)}.${(t.slice(20, 23) || '000').padEnd(6, '0')}` : null);

function parseTime(v: string, name: string): string {
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime()))
    throw badRequest(`Invalid input for query parameters ${name}. Value: ${v}. '${v}' is not a 'date-time'`);
  return d.toISOString();
}

function actionView(a: ActionRow, mv: FastifyRequest['mv']): Record<string, unknown> {
  const v: Record<string, unknown> = {
    action: a.action,
    instance_uuid: a.instance_uuid,
    message: a.message,
    project_id: a.project_id,
    request_id: a.request_id,
    start_time: t6(a.start_time),
    user_id: a.user_id,
  };
  if (mv.atLeast('2.58')) v.updated_at = t6(a.updated_at);
  return v;
}

function eventView(e: EventRow, projectId: string, request: FastifyRequest, admin: boolean): Record<string, unknown> {
  const mv = request.mv;
  const v: Record<string, unknown> = {
    event: e.event,
    start_time: t6(e.start_time),
    finish_time: t6(e.finish_time),
    result: e.result,
  };
  if (admin) v.traceback = e.traceback;
  if (mv.atLeast('2.62')) {
    v.hostId = e.host
      ? createHash('sha224')
          .update(projectId + e.host)
          .digest('hex')
      : '';
    if (admin) v.host = e.host ?? '';
  }
  if (
    mv.atLeast('2.84') &&
    allowed(request.ctx, 'os_compute_api:os-instance-actions:events:details', { project_id: projectId })
  )
    v.details = e.details;
  return v;
}

export function instanceActionRoutes(rt: Runtime): RouteDef[] {
  // deleted servers' actions are readable from 2.21
  const server = (request: FastifyRequest & { params: { serverId: string } }) =>
    requestServer(rt, request, { allowDeleted: request.mv.atLeast('2.21') });
  const target = async (request: FastifyRequest & { params: { serverId: string } }) => ({
    project_id: (await server(request)).project_id,
  });
  return [
    route({
      method: 'GET',
      url: '/servers/:serverId/os-instance-actions',
      policy: 'os_compute_api:os-instance-actions:list',
      query: instanceActionsQuery,
      target,
      handler: async (request) => {
        const mv = request.mv;
        const q = request.query;
        const inst = await server(request);
        const page: { limit?: number; marker?: string; changesSince?: string; changesBefore?: string } = {};
        if (mv.atLeast('2.58')) {
          const l = last(q.limit);
          if (l !== undefined) {
            if (!/^\d+$/.test(l))
              throw badRequest(
                `Invalid input for query parameters limit. Value: ${l}. '${l}' does not match '^[0-9]*$'`,
              );
            page.limit = Math.min(Number(l), rt.config.compute.maxListLimit);
          }
          page.marker = last(q.marker);
          if (q['changes-since'] !== undefined)
            page.changesSince = parseTime(last(q['changes-since']) ?? '', 'changes-since');
          if (mv.atLeast('2.66') && q['changes-before'] !== undefined)
            page.changesBefore = parseTime(last(q['changes-before']) ?? '', 'changes-before');
          if (page.changesSince && page.changesBefore && page.changesBefore < page.changesSince) {
            throw badRequest('The value of changes-since must be less than or equal to changes-before.');
          }
        }
        let rows: ActionRow[];
        try {
          rows = page.limit === 0 ? [] : await listActions(rt, inst.uuid, page);
        } catch (err) {
          // instance_actions.py formats MarkerNotFound without the marker, so Nova says "Marker None"
          if (err instanceof ActionMarkerNotFound) throw badRequest('Marker None could not be found.');
          throw err;
        }
        const body: Record<string, unknown> = { instanceActions: rows.map((a) => actionView(a, mv)) };
        if (page.limit !== undefined && rows.length > 0 && rows.length === page.limit) {
          const params = new URLSearchParams();
          for (const [k, v] of Object.entries(q)) if (k !== 'marker' && v !== undefined) params.set(k, String(last(v)));
          params.set('marker', lastOf(rows).request_id);
          body.links = [
            {
              rel: 'next',
              href: `${computeRoot(rt, request)}/v2.1/servers/${inst.uuid}/os-instance-actions?${params.toString()}`,
            },
          ];
        }
        return body;
      },
    }),
    route({
      method: 'GET',
      url: '/servers/:serverId/os-instance-actions/:requestId',
      policy: 'os_compute_api:os-instance-actions:show',
      target,
      handler: async (request) => {
        const inst = await server(request);
        const requestId = request.params.requestId;
        const a = await findAction(rt, inst.uuid, requestId);
        if (!a) throw actionNotFound(requestId);
        const v = actionView(a, request.mv);
        const admin = allowed(request.ctx, 'os_compute_api:os-instance-actions:events', {
          project_id: inst.project_id,
        });
        if (admin || request.mv.atLeast('2.51')) {
          v.events = (await listEvents(rt, a.id)).map((e) => eventView(e, inst.project_id, request, admin));
        }
        return { instanceAction: v };
      },
    }),
  ];
}
