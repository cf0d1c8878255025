/** /servers and /servers/{id}: list, detail, show, create, update, delete (nova/api/openstack/compute/servers.py). */
import { first, lastOf } from '../../lib/arrays.js';
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { DomainError, badRequest } from '../../domain/errors.js';
import { authorize } from '../../policy/check.js';
import {
  MarkerNotFound,
  addressesFor,
  listServerNames,
  listServers,
  showServer,
  tagsFor,
  type InstanceRow,
  type ServerViewRow,
} from '../../services/compute/server-reads.js';
import { computeRoot } from './versions.js';
import {
  InstanceService,
  type CreateServerRequest,
  type UpdateServerPatch,
} from '../../services/compute/instance-service.js';
import { serverBasic, serverDetail, serverLinks, serverListItem } from './views/servers.js';
import { serverCreate, serverIndexQuery, serverUpdate } from './schemas/servers.js';
import { parseServerList } from './server-list-params.js';
import { serverProject, visible, visibleServer } from './server-lookup.js';
import { imageNotFoundForCreate } from '../../domain/compute-errors.js';
import { groupsOfServer } from '../../services/compute/server-group-service.js';
import { VolumeAttachService } from '../../services/compute/volume-attach-service.js';
import { isTrueString } from '../../lib/bool-from-string.js';

/** Renders full server views for rows, fetching the page's tags and addresses in one query each. */
export async function renderDetails(
  rt: Runtime,
  request: FastifyRequest,
  rows: ServerViewRow[],
  withServerGroups = false,
) {
  const uuids = rows.map((r) => r.uuid);
  const [tags, addrs, vols] = await Promise.all([
    tagsFor(rt, uuids),
    addressesFor(rt, uuids),
    new VolumeAttachService(rt).listFor(uuids),
  ]);
  const o = viewOptions(rt, request, withServerGroups);
  // only single-server views (show, update, rebuild) carry server_groups
  const groups = new Map<string, string[]>();
  if (withServerGroups && request.mv.atLeast('2.71')) for (const u of uuids) groups.set(u, await groupsOfServer(rt, u));
  return rows.map((r) =>
    serverDetail(
      r,
      {
        tags: tags.get(r.uuid) ?? [],
        addresses: addrs.get(r.uuid) ?? [],
        serverGroups: groups.get(r.uuid),
        volumes: vols.get(r.uuid),
      },
      o,
    ),
  );
}

const viewOptions = (rt: Runtime, request: FastifyRequest, withServerGroups: boolean) => ({
  root: computeRoot(rt, request),
  mv: request.mv,
  isAdmin: request.ctx.isAdmin,
  withServerGroups,
});

export function serverReadRoutes(rt: Runtime): RouteDef[] {
  const list = (detail: boolean) => async (request: FastifyRequest, query: RawQuery) => {
    const { filter, page, empty } = parseServerList(request, query, detail, rt.config.compute.maxListLimit);
    let rows: Array<Pick<InstanceRow, 'uuid' | 'display_name'>> = [];
    let full: ServerViewRow[] = [];
    if (!empty && page.limit > 0) {
      try {
        if (detail) rows = full = await listServers(rt, filter, page);
        else rows = await listServerNames(rt, filter, page);
      } catch (err) {
        if (err instanceof MarkerNotFound) throw badRequest(`marker [${page.marker}] not found`);
        throw err;
      }
    }
    const root = computeRoot(rt, request);
    const body: Record<string, unknown> = {
      servers: detail ? await renderDetails(rt, request, full) : rows.map((r) => serverListItem(r, root)),
    };
    if (rows.length > 0 && rows.length === page.limit) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) {
        if (k === 'marker' || v === undefined) continue;
        for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
      }
      params.set('marker', lastOf(rows).uuid);
      body.servers_links = [
        { rel: 'next', href: `${root}/v2.1/servers${detail ? '/detail' : ''}?${params.toString()}` },
      ];
    }
    return body;
  };
  return [
    route({
      method: 'GET',
      url: '/servers',
      policy: 'os_compute_api:servers:index',
      query: serverIndexQuery,
      target: () => ({}),
      handler: (request) => list(false)(request, request.query),
    }),
    route({
      method: 'GET',
      url: '/servers/detail',
      policy: 'os_compute_api:servers:detail',
      query: serverIndexQuery,
      target: () => ({}),
      handler: (request) => list(true)(request, request.query),
    }),
    route({
      // the row, its tags and addresses come in one statement, so the show rule is checked here
      method: 'GET',
      url: '/servers/:serverId',
      policy: 'os_compute_api:servers:show',
      handler: async (request) => {
        const id = request.params.serverId;
        // the row, its tags and its addresses in one statement (showServer)
        const shown = await showServer(rt, id);
        const row = visible(request, id, shown?.row);
        authorize(request.ctx, 'os_compute_api:servers:show', { project_id: row.project_id });
        const extras = {
          tags: shown?.tags ?? [],
          addresses: shown?.addresses ?? [],
          serverGroups: request.mv.atLeast('2.71') ? await groupsOfServer(rt, row.uuid) : [],
          volumes: await new VolumeAttachService(rt).list(row.uuid),
        };
        return { server: serverDetail(row, extras, viewOptions(rt, request, true)) };
      },
    }),
  ];
}

/** accessIPv6 is stored canonicalised (netaddr's compact form), e.g. 0:0:0:0:0:babe:dc0c:1602 → ::babe:dc0c:1602. */
export function canonicalIpv6(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

function count(v: unknown, field: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`Invalid input for field/attribute ${field}.`);
  return n;
}

/** the scheduler hint `group` (a server group's uuid; one-element lists as the CLI may send) */
function groupHint(hints: Record<string, unknown> | undefined): string | undefined {
  const g = hints?.group;
  if (g === undefined) return undefined;
  const v = Array.isArray(g) && g.length === 1 ? (g[0] as unknown) : g;
  if (typeof v !== 'string') throw badRequest(`Invalid input for field/attribute group. Value: ${JSON.stringify(g)}.`);
  return v;
}

export function serverWriteRoutes(rt: Runtime): RouteDef[] {
  const svc = new InstanceService(rt);
  return [
    route({
      method: 'POST',
      url: '/servers',
      policy: 'os_compute_api:servers:create',
      body: serverCreate,
      target: () => ({}),
      handler: async (request, reply) => {
        const s = request.body.server;
        const bdmItems = s.block_device_mapping_v2 ?? [];
        // servers.py _image_from_req_data: no image is fine only when block devices say what to boot
        if (!s.imageRef && bdmItems.length === 0) throw badRequest('Missing imageRef attribute');
        const minCount = count(s.min_count, 'min_count') ?? 1;
        const maxCount = count(s.max_count, 'max_count') ?? minCount;
        if (minCount > maxCount) throw badRequest('min_count must be <= max_count');
        const req: CreateServerRequest = {
          name: s.name,
          imageRef: s.imageRef ?? '',
          blockDevices: bdmItems,
          supportsMultiattach: request.mv.atLeast('2.60'),
          flavorRef: String(s.flavorRef),
          minCount,
          maxCount,
          availabilityZone: s.availability_zone,
          metadata: s.metadata ?? {},
          tags: s.tags ?? [],
          keyName: s.key_name,
          userData: s.user_data,
          // servers.py create: before 2.19 there is no description field and the name is used
          description: request.mv.atLeast('2.19') ? s.description : s.name,
          accessIPv4: s.accessIPv4,
          accessIPv6: s.accessIPv6 === undefined ? undefined : canonicalIpv6(s.accessIPv6),
          securityGroups: requestedSecurityGroups(s.security_groups),
          networks: s.networks ?? 'default',
          adminPass: s.adminPass,
          hostname: s.hostname,
          diskConfig: s['OS-DCF:diskConfig'] as 'AUTO' | 'MANUAL' | undefined,
          serverGroup: groupHint(request.body['os:scheduler_hints'] ?? request.body['OS-SCH-HNT:scheduler_hints']),
        };
        const res = await svc.create(request.ctx, req).catch((err: unknown) => {
          // servers.py create answers ImageNotFound with its own words
          if (err instanceof DomainError && err.code === 'IMAGE_NOT_FOUND') throw imageNotFoundForCreate();
          throw err;
        });
        if (isTrueString(s.return_reservation_id)) return reply.code(202).send({ reservation_id: res.reservationId });
        const created = first(res.instances, 'created server');
        const root = computeRoot(rt, request);
        const groups = req.securityGroups;
        return reply
          .code(202)
          .header('location', `${root}/v2.1/servers/${created.uuid}`)
          .send({
            server: {
              id: created.uuid,
              links: serverLinks(root, created.uuid),
              'OS-DCF:diskConfig': created.disk_config,
              security_groups: groups.map((name) => ({ name })),
              adminPass: res.adminPass,
            },
          });
      },
    }),
    route({
      method: 'PUT',
      url: '/servers/:serverId',
      policy: 'os_compute_api:servers:update',
      body: serverUpdate,
      target: serverProject(rt),
      handler: async (request) => {
        const id = request.params.serverId;
        const s = request.body.server;
        const patch: UpdateServerPatch = {};
        if (s.name !== undefined) patch.name = s.name;
        if (s.description !== undefined) patch.description = s.description;
        if (s.hostname !== undefined) patch.hostname = s.hostname;
        if (s.accessIPv4 !== undefined) patch.accessIPv4 = s.accessIPv4;
        if (s.accessIPv6 !== undefined) patch.accessIPv6 = canonicalIpv6(s.accessIPv6);
        if (s['OS-DCF:diskConfig'] !== undefined) patch.diskConfig = s['OS-DCF:diskConfig'] as 'AUTO' | 'MANUAL';
        await svc.update(request.ctx, id, patch);
        const fresh = await visibleServer(rt, request, id);
        // servers.py update: from 2.75 the answer is the same full view as GET
        if (request.mv.atLeast('2.75')) return { server: (await renderDetails(rt, request, [fresh], true))[0] };
        const uuids = [fresh.uuid];
        const [tags, addrs] = await Promise.all([tagsFor(rt, uuids), addressesFor(rt, uuids)]);
        return {
          server: serverBasic(
            fresh,
            {
              tags: tags.get(fresh.uuid) ?? [],
              addresses: addrs.get(fresh.uuid) ?? [],
              serverGroups: request.mv.atLeast('2.71') ? await groupsOfServer(rt, fresh.uuid) : [],
            },
            { root: computeRoot(rt, request), mv: request.mv, isAdmin: request.ctx.isAdmin, withServerGroups: true },
          ),
        };
      },
    }),
    route({
      method: 'DELETE',
      url: '/servers/:serverId',
      policy: 'os_compute_api:servers:delete',
      target: serverProject(rt),
      handler: async (request, reply) => {
        await svc.delete(request.ctx, request.params.serverId);
        return reply.code(204).send();
      },
    }),
  ];
}

/**
 * servers.py create: entries without a name are dropped and names de-duplicated; compute/api.py
 * then falls back to the project's 'default' group when none is left.
 */
function requestedSecurityGroups(groups: ReadonlyArray<{ name?: string }> | undefined): string[] {
  const names = [...new Set((groups ?? []).flatMap((g) => (g.name ? [g.name] : [])))];
  return names.length ? names : ['default'];
}
