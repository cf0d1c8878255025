/**
 * The compute hosts as os-hypervisors and os-availability-zone show them: one hypervisor per
 * compute_hosts row, with the resources the live instances placed on its node consume.
 */
import type { Runtime } from '../../runtime.js';
import {
  emptyUsage,
  listComputeHosts as listHostsQuery,
  serversOnNode as serversOnNodeQuery,
  usageByNode as usageByNodeQuery,
  type Usage,
} from '../../store/repositories/usage-queries.js';
import type { ComputeHostRow } from '../../store/tables/compute-hosts.table.js';

export type { ComputeHostRow, Usage };
export { emptyUsage };

/** Every registered host, in registration order (its seq is the pre-2.53 hypervisor id). */
export function listComputeHosts(rt: Runtime): Promise<ComputeHostRow[]> {
  return listHostsQuery(rt.store.db);
}

/** Usage per node, for the given nodes only. */
export function usageByNode(rt: Runtime, nodes: string[]): Promise<Map<string, Usage>> {
  return usageByNodeQuery(rt.store.db, nodes);
}

/** The live instances on a node, as hypervisors.py with_servers lists them. */
export function serversOnNode(rt: Runtime, node: string): Promise<Array<{ uuid: string; name: string }>> {
  return serversOnNodeQuery(rt.store.db, node);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * What the host's `uptime` command prints (libvirt's get_host_uptime): the simulated host has
 * been up since it registered; no users, no load. Undefined when the host is down (Nova's
 * ComputeServiceUnavailable).
 */
export function hostUptime(rt: Runtime, h: ComputeHostRow): string | undefined {
  if (h.forced_down || h.state !== 'up') return undefined;
  const now = rt.clock();
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(h.created_at)) / 60000));
  const days = Math.floor(minutes / 1440);
  const hm = `${Math.floor((minutes % 1440) / 60)}:${pad2(minutes % 60)}`;
  const up = days > 0 ? `${days} day${days === 1 ? '' : 's'}, ${hm.padStart(5)}` : hm.padStart(5);
  const clock = now.toISOString().slice(11, 19);
  return ` ${clock} up ${up},  0 users,  load average: 0.00, 0.00, 0.00`;
}
