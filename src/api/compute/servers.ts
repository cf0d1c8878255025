/** GET /servers, /servers/detail, /servers/{id} (nova/api/openstack/compute/servers.py index/detail/show). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import { authorize } from '../../policy/check.js';
import {
  MarkerNotFound, addressesFor, listServers, tagsFor, type InstanceRow,
} from '../../store/repositories/server-queries.js';
import { computeRoot } from './versions.js';
import { serverDetail, serverListItem } from './views/servers.js';
import { serverIndexQuery } from './schemas/servers.js';
import { parseServerList } from './server-list-params.js';
import { visibleServer } from './server-lookup.js';

type Q = Record<string, string | string[] | undefined>;

/** Renders full server views for rows, fetching the page's tags and addresses in one query each. */
export async function renderDetails(rt: Runtime, request: FastifyRequest, rows: InstanceRow[], withServerGroups = false) {
  const uuids = rows.map((r) => r.uuid);
  const [tags, addrs] = await Promise.all([tagsFor(rt.store.db, uuids), addressesFor(rt.store.db, uuids)]);
  const o = { root: computeRoot(rt, request), mv: request.mv, isAdmin: request.ctx.isAdmin, withServerGroups };
  return rows.map((r) => serverDetail(r, { tags: tags.get(r.uuid) ?? [], addresses: addrs.get(r.uuid) ?? [] }, o));
}

export function serverReadRoutes(rt: Runtime): RouteDef[] {
  const list = (detail: boolean) => async (request: FastifyRequest) => {
    authorize(request.ctx, `os_compute_api:servers:${detail ? 'detail' : 'index'}`);
    const { filter, page, empty } = parseServerList(request, detail, rt.config.compute.maxListLimit);
    let rows: InstanceRow[] = [];
    if (!empty && page.limit > 0) {
      try {
        rows = await listServers(rt.store.db, rt.store.adapter, filter, page);
      } catch (err) {
        if (err instanceof MarkerNotFound) throw badRequest(`marker [${page.marker}] not found`);
        throw err;
      }
    }
    const root = computeRoot(rt, request);
    const body: Record<string, unknown> = {
      servers: detail ? await renderDetails(rt, request, rows) : rows.map((r) => serverListItem(r, root)),
    };
    if (rows.length > 0 && rows.length === page.limit) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(request.query as Q)) {
        if (k === 'marker' || v === undefined) continue;
        for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
      }
      params.set('marker', rows[rows.length - 1].uuid);
      body.servers_links = [{ rel: 'next', href: `${root}/v2.1/servers${detail ? '/detail' : ''}?${params.toString()}` }];
    }
    return body;
  };
  return [
    { method: 'GET', url: '/servers', policy: 'os_compute_api:servers:index', query: serverIndexQuery, handler: list(false) },
    { method: 'GET', url: '/servers/detail', policy: 'os_compute_api:servers:detail', query: serverIndexQuery, handler: list(true) },
    {
      method: 'GET', url: '/servers/:serverId', policy: 'os_compute_api:servers:show',
      handler: async (request) => {
        const id = (request.params as { serverId: string }).serverId;
        const row = await visibleServer(rt, request, id);
        authorize(request.ctx, 'os_compute_api:servers:show', { project_id: row.project_id });
        const [server] = await renderDetails(rt, request, [row], true);
        return { server };
      },
    },
  ];
}
