/**
 * GET /os-hypervisors/statistics (hypervisors.py statistics, 2.1–2.87; db compute_node_statistics):
 * the sums over the hypervisors whose nova-compute service is enabled. Removed at 2.88 (404).
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { notFound } from '../../domain/errors.js';
import { emptyUsage, listComputeHosts, usageByNode } from '../../services/compute/host-reads.js';

export function hypervisorStatisticsRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'GET',
      url: '/os-hypervisors/statistics',
      policy: 'os_compute_api:os-hypervisors:statistics',
      target: () => ({}),
      handler: async (request) => {
        if (request.mv.atLeast('2.88')) throw notFound();
        const hosts = (await listComputeHosts(rt)).filter((h) => h.status === 'enabled');
        const usage = await usageByNode(
          rt,
          hosts.map((h) => h.node),
        );
        const s = {
          count: 0,
          vcpus: 0,
          memory_mb: 0,
          local_gb: 0,
          vcpus_used: 0,
          memory_mb_used: 0,
          local_gb_used: 0,
          free_ram_mb: 0,
          free_disk_gb: 0,
          current_workload: 0,
          running_vms: 0,
          disk_available_least: 0,
        };
        for (const h of hosts) {
          const u = usage.get(h.node) ?? emptyUsage();
          s.count += 1;
          s.vcpus += h.vcpus;
          s.memory_mb += h.memory_mb;
          s.local_gb += h.local_gb;
          s.vcpus_used += u.cores;
          s.memory_mb_used += u.ram;
          s.local_gb_used += u.disk;
          s.free_ram_mb += h.memory_mb - u.ram;
          s.free_disk_gb += h.local_gb - u.disk;
          s.running_vms += u.instances;
          s.disk_available_least += h.local_gb - u.disk;
        }
        return { hypervisor_statistics: s };
      },
    }),
  ];
}
