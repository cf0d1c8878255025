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
