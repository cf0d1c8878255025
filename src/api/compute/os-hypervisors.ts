/**
 * /os-hypervisors, /detail, /{id} (nova/api/openstack/compute/hypervisors.py): one hypervisor per
 * compute_hosts row, usage summed from the instances placed on its node. Ids are the small
 * integer seq before 2.53 and the uuid from 2.53; 2.88 drops the resource/usage fields.
 */
import { lastOf } from '../../lib/arrays.js';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import {
  hypervisorNotFound,
  hypervisorPatternNotFound,
  markerNotFound,
  queryNotDigits,
} from '../../domain/compute-errors.js';
import { isCanonicalUuid } from '../../lib/ids.js';
import {
  emptyUsage,
  listComputeHosts,
  serversOnNode,
  usageByNode,
  type ComputeHostRow,
  type Usage,
} from '../../services/compute/host-reads.js';
import { computeRoot } from './versions.js';
import { computeServiceSeq } from '../../domain/compute-services.js';
import { isTrueString } from '../../lib/bool-from-string.js';

const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

// hypervisors.py quotes the id in every version's message

function hvId(h: ComputeHostRow, mv: FastifyRequest['mv']): string | number {
  return mv.atLeast('2.53') ? h.id : h.seq;
}

function summary(h: ComputeHostRow, mv: FastifyRequest['mv']): Record<string, unknown> {
  return { id: hvId(h, mv), hypervisor_hostname: h.node, state: h.forced_down ? 'down' : h.state, status: h.status };
}

function detailView(h: ComputeHostRow, u: Usage, mv: FastifyRequest['mv']): Record<string, unknown> {
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
    out.uptime = null;
  }
  return out;
}

export function hypervisorRoutes(rt: Runtime): RouteDef[] {
  const list = (detail: boolean) => async (request: FastifyRequest, q: RawQuery) => {
    const mv = request.mv;
    let hosts = await listComputeHosts(rt);
    const pattern = mv.atLeast('2.53') ? last(q.hypervisor_hostname_pattern) : undefined;
    if (pattern !== undefined) {
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
    const withServers = mv.atLeast('2.53') && isTrueString(last(q.with_servers));
    const items = [];
    for (const h of hosts) {
      const v = detail ? detailView(h, usage.get(h.node) ?? emptyUsage(), mv) : summary(h, mv);
      if (withServers) v.servers = await serversOnNode(rt, h.node);
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
        const v = detailView(h, u, mv);
        const withServers = mv.atLeast('2.53') && isTrueString(last(request.query.with_servers));
        if (withServers) v.servers = await serversOnNode(rt, h.node);
        return { hypervisor: v };
      },
    }),
  ];
}
