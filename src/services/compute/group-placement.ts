/**
 * A build's placement with its server group's policy (nova/scheduler/filters/affinity_filter.py
 * ServerGroupAffinityFilter / ServerGroupAntiAffinityFilter, nova/scheduler/weights/affinity.py
 * the soft-* weighers). For a member of a group, the members' hosts are read, the host picked and
 * written under one lock on the group, in one transaction: parallel builds into an anti-affinity
 * group over N hosts land on N distinct hosts and the next one finds no valid host.
 */
import type { Runtime } from '../../runtime.js';
import { bindOperationToHost } from '../../operations/claim.js';
import { TaskState, VmState } from '../../domain/instances/states.js';
import { transitionInstance } from '../../store/repositories/instance-repository.js';
import { groupOfInstance, liveMembers } from '../../store/repositories/server-group-repository.js';
import { pickHost, type PickConstraints } from './compute-host-service.js';
import { scheduleOnto, type InstanceRow } from './instance-lifecycle.js';

/** placed: the row after scheduling (undefined when a delete won); noValidHost: why not, if a group said no */
export type Placement = { placed: InstanceRow | undefined } | { noValidHost: string | null };

function constraintsFor(policy: string, maxPerHost: number, counts: Map<string, number>): PickConstraints {
  const n = (host: string) => counts.get(host) ?? 0;
  switch (policy) {
    case 'affinity':
      // the first member goes anywhere; the others where the members are
      return { allow: (host) => counts.size === 0 || n(host) > 0 };
    case 'anti-affinity':
      return { allow: (host) => n(host) < maxPerHost };
    case 'soft-affinity':
      return { weight: (host) => n(host) };
    case 'soft-anti-affinity':
      return { weight: (host) => -n(host) };
    default:
      return {};
  }
}

export async function placeBuild(
  rt: Runtime,
  hosts: string[],
  inst: InstanceRow,
  opId: string,
  patch: Partial<InstanceRow>,
): Promise<Placement> {
  const group = await groupOfInstance(rt.store.db, inst.uuid);
  if (!group) {
    const pick = await pickHost(rt, hosts, inst);
    if (!pick) return { noValidHost: null };
    return { placed: await scheduleOnto(rt, inst.uuid, opId, pick, patch) };
  }
  return rt.store.transaction(async (trx): Promise<Placement> => {
    await rt.store.adapter.lockForUpdateOf(trx, `server_group:${group.id}`);
    const counts = new Map<string, number>();
    for (const m of await liveMembers(trx, [group.id])) {
      if (m.instance_uuid === inst.uuid || !m.host) continue;
      counts.set(m.host, (counts.get(m.host) ?? 0) + 1);
    }
    const rules = JSON.parse(group.rules) as { max_server_per_host?: number };
    const maxPerHost = rules.max_server_per_host ?? 1;
    const pick = await pickHost(rt, hosts, inst, { db: trx, ...constraintsFor(group.policy, maxPerHost, counts) });
    if (!pick) {
      const capacityOnly = await pickHost(rt, hosts, inst, { db: trx });
      if (!capacityOnly) return { noValidHost: null };
      const where = [...counts.entries()].map(([h, c]) => `${h}: ${c}`).join(', ') || 'none placed';
      return {
        noValidHost: `no host among ${hosts.join(', ')} satisfies the ${group.policy} policy of server group ${group.id} (members per host: ${where}${group.policy === 'anti-affinity' ? `; max_server_per_host ${maxPerHost}` : ''})`,
      };
    }
    const moved = await transitionInstance(
      trx,
      inst.uuid,
      { fromVmStates: [VmState.BUILDING], fromTaskStates: [TaskState.SCHEDULING] },
      { ...patch, host: pick.host, node: pick.node, availability_zone: pick.az },
    );
    if (moved) await bindOperationToHost(trx, opId, pick.host);
    return { placed: moved };
  });
}
