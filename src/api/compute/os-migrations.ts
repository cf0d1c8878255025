/**
 * GET /os-migrations (nova/api/openstack/compute/migrations.py) and /servers/{id}/migrations
 * (server_migrations.py): the list of every migration (admin; 2.23 adds migration_type and links
 * to in-progress live migrations, 2.59 uuid and limit/marker/changes-since paging, 2.66
 * changes-before, 2.80 user_id/project_id as fields and filters), a server's in-progress live
 * migrations (2.23), force_complete (2.22) and abort (2.24; queued ones from 2.65).
 */
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import { liveMigrationNotShown, migrationNotFoundForInstance } from '../../domain/compute-errors.js';
import {
  LIVE_IN_PROGRESS,
  abortLiveMigration,
  forceCompleteLiveMigration,
  hostAddresses,
  listAllMigrations,
  serverLiveMigration,
  serverLiveMigrations,
  type MigrationFilters,
  type MigrationRow,
} from '../../services/compute/migration-service.js';
import { computeRoot } from './versions.js';
import { requestServer, serverProject } from './server-lookup.js';
import { queryParam } from './schemas/os-keypairs.js';

const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

/** oslo datetime rendering: microseconds, no zone */
const t6 = (t: string | null) => (t ? `${t.slice(0, 19)}.${(t.slice(20, 23) || '000').padEnd(6, '0')}` : null);

/** Nova shows a migration's flavors by their internal integer ids; null where it is not known */
const flavorId = (id: string) => (/^\d+$/.test(id) ? Number(id) : null);

// schemas/migrations.py: anything before 2.59, then only the listed parameters
const v259 = {
  hidden: queryParam,
  host: queryParam,
  instance_uuid: queryParam,
  source_compute: queryParam,
  status: queryParam,
  migration_type: queryParam,
  limit: queryParam,
  marker: queryParam,
  'changes-since': queryParam,
};
const migrationsQuery = {
  '2.1': Type.Unsafe<Partial<Record<keyof typeof v259 | 'changes-before' | 'user_id' | 'project_id', string>>>({
    type: 'object',
    additionalProperties: true,
  }),
  '2.59': Type.Object(v259, { additionalProperties: false }),
  '2.66': Type.Object({ ...v259, 'changes-before': queryParam }, { additionalProperties: false }),
  '2.80': Type.Object(
    { ...v259, 'changes-before': queryParam, user_id: queryParam, project_id: queryParam },
    { additionalProperties: false },
  ),
};

// schemas/server_migrations.py force_complete
const forceCompleteBody = Type.Object({ force_complete: Type.Null() }, { additionalProperties: false });

function parseTime(v: string, name: string): string {
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime()))
    throw badRequest(`Invalid input for query parameters ${name}. Value: ${v}. '${v}' is not a 'date-time'`);
  return d.toISOString();
}

/** the integer {migration_id} of a URL (anything else names no migration) */
const seqOf = (id: string): number | null => (/^\d+$/.test(id) ? Number(id) : null);

export function migrationRoutes(rt: Runtime): RouteDef[] {
  const serverLinks = (request: FastifyRequest, m: MigrationRow) => {
    const root = computeRoot(rt, request);
    const path = `servers/${m.instance_uuid}/migrations/${m.seq}`;
    const project = request.ctx.projectId ?? m.project_id;
    return [
      { href: `${root}/v2.1/${project}/${path}`, rel: 'self' },
      { href: `${root}/${project}/${path}`, rel: 'bookmark' },
    ];
  };

  /** migrations.py _output */
  const listView = (request: FastifyRequest, m: MigrationRow, ips: Map<string, string>) => {
    const mv = request.mv;
    const v: Record<string, unknown> = {
      created_at: t6(m.created_at),
      dest_compute: m.dest_compute,
      dest_host: m.dest_compute ? (ips.get(m.dest_compute) ?? null) : null,
      dest_node: m.dest_node,
      id: m.seq,
      instance_uuid: m.instance_uuid,
      new_instance_type_id: flavorId(m.new_instance_type_id),
      old_instance_type_id: flavorId(m.old_instance_type_id),
      source_compute: m.source_compute,
      source_node: m.source_node,
      status: m.status,
      updated_at: t6(m.updated_at),
    };
    if (mv.atLeast('2.23')) {
      v.migration_type = m.migration_type;
      if (m.migration_type === 'live-migration' && LIVE_IN_PROGRESS.includes(m.status))
        v.links = serverLinks(request, m);
    }
    if (mv.atLeast('2.59')) v.uuid = m.uuid;
    if (mv.atLeast('2.80')) {
      v.user_id = m.user_id;
      v.project_id = m.project_id;
    }
    return v;
  };

  /** server_migrations.py output */
  const serverView = (request: FastifyRequest, m: MigrationRow, ips: Map<string, string>) => {
    const v: Record<string, unknown> = {
      created_at: t6(m.created_at),
      dest_compute: m.dest_compute,
      dest_host: m.dest_compute ? (ips.get(m.dest_compute) ?? null) : null,
      dest_node: m.dest_node,
      disk_processed_bytes: m.disk_processed,
      disk_remaining_bytes: m.disk_remaining,
      disk_total_bytes: m.disk_total,
      id: m.seq,
      memory_processed_bytes: m.memory_processed,
      memory_remaining_bytes: m.memory_remaining,
      memory_total_bytes: m.memory_total,
      server_uuid: m.instance_uuid,
      source_compute: m.source_compute,
      source_node: m.source_node,
      status: m.status,
      updated_at: t6(m.updated_at),
    };
    if (request.mv.atLeast('2.59')) v.uuid = m.uuid;
    if (request.mv.atLeast('2.80')) {
      v.user_id = m.user_id;
      v.project_id = m.project_id;
    }
    return v;
  };

  const target = serverProject(rt);
  const server = (request: FastifyRequest & { params: { serverId: string } }) => requestServer(rt, request);

  return [
    route({
      method: 'GET',
      url: '/os-migrations',
      policy: 'os_compute_api:os-migrations:index',
      query: migrationsQuery,
      target: () => ({}),
      handler: async (request) => {
        const mv = request.mv;
        const q = request.query as Record<string, string | string[] | undefined>;
        const one = (k: string) => last(q[k]);
        const f: Omit<MigrationFilters, 'marker'> = {
          host: one('host'),
          sourceCompute: one('source_compute'),
          status: one('status'),
          instanceUuid: one('instance_uuid'),
          migrationType: one('migration_type'),
        };
        let marker: string | undefined;
        if (mv.atLeast('2.59')) {
          const l = one('limit');
          if (l !== undefined) {
            if (!/^\d+$/.test(l))
              throw badRequest(
                `Invalid input for query parameters limit. Value: ${l}. '${l}' does not match '^[0-9]*$'`,
              );
            f.limit = Math.min(Number(l), rt.config.compute.maxListLimit);
          }
          marker = one('marker');
          const since = one('changes-since');
          if (since !== undefined) f.changesSince = parseTime(since, 'changes-since');
          const before = mv.atLeast('2.66') ? one('changes-before') : undefined;
          if (before !== undefined) f.changesBefore = parseTime(before, 'changes-before');
          if (f.changesSince && f.changesBefore && f.changesBefore < f.changesSince)
            throw badRequest('The value of changes-since must be less than or equal to changes-before.');
        }
        if (mv.atLeast('2.80')) {
          f.userId = one('user_id');
          f.projectId = one('project_id');
        }
        const rows = f.limit === 0 ? [] : await listAllMigrations(rt, f, marker);
        const ips = await hostAddresses(
          rt,
          rows.map((r) => r.dest_compute),
        );
        const body: Record<string, unknown> = { migrations: rows.map((m) => listView(request, m, ips)) };
        if (mv.atLeast('2.59')) {
          const limit = f.limit ?? rt.config.compute.maxListLimit;
          const lastRow = rows[rows.length - 1];
          if (lastRow && rows.length === limit) {
            const params = new URLSearchParams();
            for (const [k, v] of Object.entries(q))
              if (k !== 'marker' && v !== undefined) params.set(k, String(last(v)));
            params.set('marker', lastRow.uuid);
            const project = request.ctx.projectId ? `/${request.ctx.projectId}` : '';
            body.migrations_links = [
              { href: `${computeRoot(rt, request)}/v2.1${project}/os-migrations?${params.toString()}`, rel: 'next' },
            ];
          }
        }
        return body;
      },
    }),
    route({
      method: 'GET',
      url: '/servers/:serverId/migrations',
      minVersion: '2.23',
      policy: 'os_compute_api:servers:migrations:index',
      target,
      handler: async (request) => {
        const inst = await server(request);
        const rows = await serverLiveMigrations(rt, inst.uuid);
        const ips = await hostAddresses(
          rt,
          rows.map((r) => r.dest_compute),
        );
        return { migrations: rows.map((m) => serverView(request, m, ips)) };
      },
    }),
    route({
      method: 'GET',
      url: '/servers/:serverId/migrations/:migrationId',
      minVersion: '2.23',
      policy: 'os_compute_api:servers:migrations:show',
      target,
      handler: async (request) => {
        const inst = await server(request);
        const id = request.params.migrationId;
        const seq = seqOf(id);
        if (seq === null)
          throw liveMigrationNotShown(`In-progress live migration ${id} is not found for server ${inst.uuid}.`);
        const m = await serverLiveMigration(rt, inst.uuid, seq);
        return { migration: serverView(request, m, await hostAddresses(rt, [m.dest_compute])) };
      },
    }),
    route({
      method: 'POST',
      url: '/servers/:serverId/migrations/:migrationId/action',
      minVersion: '2.22',
      policy: 'os_compute_api:servers:migrations:force_complete',
      body: forceCompleteBody,
      target,
      handler: async (request, reply) => {
        const inst = await server(request);
        const id = request.params.migrationId;
        const seq = seqOf(id);
        if (seq === null) throw migrationNotFoundForInstance(id, inst.uuid, 400);
        await forceCompleteLiveMigration(rt, request.ctx, inst.uuid, seq);
        return reply.code(202).send();
      },
    }),
    route({
      method: 'DELETE',
      url: '/servers/:serverId/migrations/:migrationId',
      minVersion: '2.24',
      policy: 'os_compute_api:servers:migrations:delete',
      target,
      handler: async (request, reply) => {
        const inst = await server(request);
        const id = request.params.migrationId;
        const seq = seqOf(id);
        if (seq === null) throw migrationNotFoundForInstance(id, inst.uuid, 404);
        await abortLiveMigration(rt, request.ctx, inst.uuid, seq, request.mv.atLeast('2.65'));
        return reply.code(202).send();
      },
    }),
  ];
}
