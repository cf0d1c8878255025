/**
 * os-simple-tenant-usage (nova/api/openstack/compute/simple_tenant_usage.py): usage of every
 * project (admin) or of one, over ?start=&end= (end capped at now), with ?detailed=1 server usages
 * in the list; paging with limit/marker and the next link from 2.40.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { queryParam } from './schemas/os-keypairs.js';
import { computeRoot } from './versions.js';
import {
  parseUsageTime,
  tenantUsages,
  type ServerUsage,
  type TenantUsage,
} from '../../services/compute/tenant-usage-service.js';

const digits = Type.Optional(
  Type.Unsafe<string | string[]>({
    type: ['string', 'array'],
    items: { type: 'string', pattern: '^[0-9]*$' },
    pattern: '^[0-9]*$',
  }),
);
type UsageQueryShape = {
  start?: string | string[];
  end?: string | string[];
  detailed?: string | string[];
  limit?: string | string[];
  marker?: string | string[];
};
const loose = Type.Unsafe<UsageQueryShape>({ type: 'object', additionalProperties: true });
/**
 * Nova reads the clock once for a missing start and again for a missing end, so with neither the
 * period is the empty one just ending now (200), never start == end (400)
 */
const defaultEnd = (now: Date) => new Date(now.getTime() + 1);

const props = { start: queryParam, end: queryParam, detailed: queryParam, limit: digits, marker: queryParam };
const usageQuery = {
  '2.1': loose,
  '2.40': Type.Unsafe<UsageQueryShape>(Type.Object(props, { additionalProperties: true })),
  '2.75': Type.Unsafe<UsageQueryShape>(Type.Object(props, { additionalProperties: false })),
};

/** parse_qs(...)[0]: the first value */
const firstOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
/** Nova's datetimes: naive ISO with microseconds */
const novaTime = (iso: string) => iso.replace('Z', '000');

const serverView = (s: ServerUsage) => ({
  ...s,
  started_at: novaTime(s.started_at),
  ended_at: s.ended_at ? novaTime(s.ended_at) : null,
});
const usageView = (u: TenantUsage) => ({
  ...u,
  ...(u.server_usages ? { server_usages: u.server_usages.map(serverView) } : {}),
  start: novaTime(u.start),
  stop: novaTime(u.stop),
});

export function simpleTenantUsageRoutes(rt: Runtime): RouteDef[] {
  const paging = (request: FastifyRequest, q: UsageQueryShape) => {
    const max = rt.config.compute.maxListLimit;
    if (!request.mv.atLeast('2.40')) return { limit: max, marker: undefined };
    const raw = firstOf(q.limit);
    return { limit: raw === undefined ? max : Math.min(Number(raw), max), marker: firstOf(q.marker) };
  };
  const nextLinks = (
    request: FastifyRequest,
    path: string,
    q: UsageQueryShape,
    limit: number,
    servers: ServerUsage[],
  ) => {
    if (!request.mv.atLeast('2.40') || servers.length === 0 || servers.length !== limit) return undefined;
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (k !== 'marker' && v !== undefined) params.set(k, String(firstOf(v)));
    params.set('marker', servers[servers.length - 1]!.instance_id);
    return [{ rel: 'next', href: `${computeRoot(rt, request)}/v2.1/${path}?${params.toString()}` }];
  };
  return [
    route({
      method: 'GET',
      url: '/os-simple-tenant-usage',
      policy: 'os_compute_api:os-simple-tenant-usage:list',
      query: usageQuery,
      target: () => ({}),
      handler: async (request) => {
        const q = request.query;
        const now = rt.clock();
        const { limit, marker } = paging(request, q);
        const { usages, servers } = await tenantUsages(rt, {
          start: parseUsageTime(firstOf(q.start), now),
          stop: parseUsageTime(firstOf(q.end), defaultEnd(now)),
          detailed: firstOf(q.detailed) === '1',
          limit,
          marker,
        });
        const body: Record<string, unknown> = { tenant_usages: usages.map(usageView) };
        const links = nextLinks(request, 'os-simple-tenant-usage', q, limit, servers);
        if (links) body.tenant_usages_links = links;
        return body;
      },
    }),
    route({
      method: 'GET',
      url: '/os-simple-tenant-usage/:id',
      policy: 'os_compute_api:os-simple-tenant-usage:show',
      query: usageQuery,
      target: (request) => ({ project_id: request.params.id }),
      handler: async (request) => {
        const q = request.query;
        const now = rt.clock();
        const { limit, marker } = paging(request, q);
        const { usages, servers } = await tenantUsages(rt, {
          start: parseUsageTime(firstOf(q.start), now),
          stop: parseUsageTime(firstOf(q.end), defaultEnd(now)),
          projectId: request.params.id,
          detailed: true,
          limit,
          marker,
        });
        const first = usages[0];
        const body: Record<string, unknown> = { tenant_usage: first ? usageView(first) : {} };
        const links = nextLinks(request, `os-simple-tenant-usage/${request.params.id}`, q, limit, servers);
        if (links) body.tenant_usage_links = links;
        return body;
      },
    }),
  ];
}
