/**
 * /os-hypervisors, /detail, /{id}, /{id}/uptime (to 2.87), /{pattern}/search and
 * /{pattern}/servers (to 2.52) (nova/api/openstack/compute/hypervisors.py): one hypervisor per
 * compute_hosts row, usage summed from the instances placed on its node. Ids are the small
 * integer seq before 2.53 and the uuid from 2.53; 2.88 drops the resource/usage fields and
 * shows the uptime in the detail view instead.
 */
import { lastOf } from '../../lib/arrays.js';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import {
  hypervisorNotFound,
  hypervisorPatternNotFound,
  hostServiceUnavailable,
  markerNotFound,
  queryBoolean,
  queryNotDigits,
} from '../../domain/compute-errors.js';
import { isCanonicalUuid } from '../../lib/ids.js';
import {
  emptyUsage,
  hostUptime,
  listComputeHosts,
  serversOnNode,
  usageByNode,
  type ComputeHostRow,
  type Usage,
} from '../../services/compute/host-reads.js';
import { computeRoot } from './versions.js';
import { computeServiceSeq } from '../../domain/compute-services.js';

const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

/** 2.53's with_servers: schemas/hypervisors.py checks it as parameter_types.boolean (absent: false) */
function withServersOf(q: RawQuery): boolean {
  const v = last(q.with_servers);
  return v === undefined ? false : queryBoolean('with_servers', v);
}

// hypervisors.py quotes the id in every version's message

function hvId(h: ComputeHostRow, mv: FastifyRequest['mv']): string | number {
  return mv.atLeast('2.53') ? h.id : h.seq;
}

function summary(h: ComputeHostRow, mv: FastifyRequest['mv']): Record<string, unknown> {
  return { id: hvId(h, mv), hypervisor_hostname: h.node, state: h.forced_down ? 'down' : h.state, status: h.status };
}

function detailView(rt: Runtime, h: ComputeHostRow, u: Usage, mv: FastifyRequest['mv']): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...summary(h, mv),
    hypervisor_type: h.hypervisor_type,
    hypervisor_version: 1000,
    host_ip: h.host_ip,
    service: {
      host: h.host,
      id: mv.atLeast('2.53') ? h.id : computeServiceSeq(h.seq),
      disabled_reason: h.disabled_reason,
    },
  };
  if (!mv.atLeast('2.88')) {
    const cpuInfo = {
      arch: 'x86_64',
      model: 'fake',
      vendor: 'stackbox',
      topology: { cells: 1, sockets: 1, cores: h.vcpus, threads: 1 },
      features: [],
    };
    Object.assign(out, {
      vcpus: h.vcpus,
      memory_mb: h.memory_mb,
      local_gb: h.local_gb,
      vcpus_used: u.cores,
      memory_mb_used: u.ram,
      local_gb_used: u.disk,
      free_ram_mb: h.memory_mb - u.ram,
      free_disk_gb: h.local_gb - u.disk,
      current_workload: 0,
      running_vms: u.instances,
      disk_available_least: h.local_gb - u.disk,
      // hypervisors.py: the driver's JSON string before 2.28, the parsed object from 2.28
      cpu_info: mv.atLeast('2.28') ? cpuInfo : JSON.stringify(cpuInfo),
    });
  } else {
    // a host that cannot answer shows null, as Nova passes over ComputeServiceUnavailable here
    out.uptime = hostUptime(rt, h) ?? null;
  }
  return out;
}

export function hypervisorRoutes(rt: Runtime): RouteDef[] {
  /** _view_hypervisor: servers when there are any; an empty list only from 2.75 */
  const addServers = async (v: Record<string, unknown>, h: ComputeHostRow, mv: FastifyRequest['mv']) => {
    const servers = await serversOnNode(rt, h.node);
    if (servers.length > 0 || mv.atLeast('2.75')) v.servers = servers;
  };
  /** _get_compute_nodes_by_name_pattern: a substring of the hypervisor hostname; none is 404 */
  const byPattern = async (pattern: string): Promise<ComputeHostRow[]> => {
    const hosts = (await listComputeHosts(rt)).filter((h) => h.node.includes(pattern));
    if (!hosts.length) throw hypervisorPatternNotFound(pattern);
    return hosts;
  };
  const list = (detail: boolean) => async (request: FastifyRequest, q: RawQuery) => {
    const mv = request.mv;
    let hosts = await listComputeHosts(rt);
    const pattern = mv.atLeast('2.53') ? last(q.hypervisor_hostname_pattern) : undefined;
    if (pattern !== undefined) {
      if (q.limit !== undefined || last(q.marker))
        throw badRequest(
          'Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.',
        );
      hosts = hosts.filter((h) => h.node.includes(pattern));
      if (!hosts.length) throw hypervisorPatternNotFound(pattern);
    }
    let limit: number | undefined;
    let next = false;
    if (mv.atLeast('2.33')) {
      const marker = last(q.marker);
      if (marker !== undefined) {
        const i = hosts.findIndex((h) => String(hvId(h, mv)) === marker);
        if (i < 0) throw markerNotFound(marker);
        hosts = hosts.slice(i + 1);
      }
      const l = last(q.limit);
      if (l !== undefined) {
        if (!/^\d+$/.test(l)) throw queryNotDigits('limit', l);
        limit = Number(l);
        next = hosts.length > limit && limit > 0;
        hosts = hosts.slice(0, limit);
      }
    }
    const usage = detail
      ? await usageByNode(
          rt,
          hosts.map((h) => h.node),
        )
      : new Map<string, Usage>();
    const withServers = mv.atLeast('2.53') && withServersOf(q);
    const items = [];
    for (const h of hosts) {
      const v = detail ? detailView(rt, h, usage.get(h.node) ?? emptyUsage(), mv) : summary(h, mv);
      if (withServers) await addServers(v, h, mv);
      items.push(v);
    }
    const body: Record<string, unknown> = { hypervisors: items };
    if (next && limit) {
      const params = new URLSearchParams({ limit: String(limit), marker: String(hvId(lastOf(hosts), mv)) });
      body.hypervisors_links = [
        {
          rel: 'next',
          href: `${computeRoot(rt, request)}/v2.1/os-hypervisors${detail ? '/detail' : ''}?${params.toString()}`,
        },
      ];
    }
    return body;
  };
  return [
    route({
      method: 'GET',
      url: '/os-hypervisors',
      policy: 'os_compute_api:os-hypervisors:list',
      target: () => ({}),
      handler: (request) => list(false)(request, request.query),
    }),
    route({
      method: 'GET',
      url: '/os-hypervisors/detail',
      policy: 'os_compute_api:os-hypervisors:list-detail',
      target: () => ({}),
      handler: (request) => list(true)(request, request.query),
    }),
    route({
      method: 'GET',
      url: '/os-hypervisors/:id',
      policy: 'os_compute_api:os-hypervisors:show',
      target: () => ({}),
      handler: async (request) => {
        const id = request.params.id;
        const mv = request.mv;
        if (mv.atLeast('2.53') && !isCanonicalUuid(id)) throw badRequest(`Invalid uuid ${id}`);
        const h = (await listComputeHosts(rt)).find((x) => String(hvId(x, mv)) === id);
        if (!h) throw hypervisorNotFound(id);
        const u = (await usageByNode(rt, [h.node])).get(h.node) ?? emptyUsage();
        const v = detailView(rt, h, u, mv);
        const withServers = mv.atLeast('2.53') && withServersOf(request.query);
        if (withServers) await addServers(v, h, mv);
        return { hypervisor: v };
      },
    }),
    route({
      method: 'GET',
      url: '/os-hypervisors/:id/uptime',
      policy: 'os_compute_api:os-hypervisors:uptime',
      target: () => ({}),
      maxVersion: '2.87',
      handler: async (request) => {
        const id = request.params.id;
        const mv = request.mv;
        // _validate_id: a uuid from 2.53 (400), an integer before (else 404)
        if (mv.atLeast('2.53') && !isCanonicalUuid(id)) throw badRequest(`Invalid uuid ${id}`);
        const h = (await listComputeHosts(rt)).find((x) => String(hvId(x, mv)) === id);
        if (!h) throw hypervisorNotFound(id);
        const uptime = hostUptime(rt, h);
        if (uptime === undefined) throw hostServiceUnavailable(h.host);
        return { hypervisor: { ...summary(h, mv), uptime } };
      },
    }),
    route({
      method: 'GET',
      url: '/os-hypervisors/:pattern/search',
      policy: 'os_compute_api:os-hypervisors:search',
      target: () => ({}),
      maxVersion: '2.52',
      handler: async (request) => ({
        hypervisors: (await byPattern(request.params.pattern)).map((h) => summary(h, request.mv)),
      }),
    }),
    route({
      method: 'GET',
      url: '/os-hypervisors/:pattern/servers',
      policy: 'os_compute_api:os-hypervisors:servers',
      target: () => ({}),
      maxVersion: '2.52',
      handler: async (request) => {
        const out = [];
        for (const h of await byPattern(request.params.pattern)) {
          const v = summary(h, request.mv);
          await addServers(v, h, request.mv);
          out.push(v);
        }
        return { hypervisors: out };
      },
    }),
  ];
}
