/**
 * os-hosts (nova/api/openstack/compute/hosts.py with compute/api.py HostAPI and the fake virt
 * driver's answers): the enabled services by host, a compute host's resources by project, and
 * the host status/maintenance/power calls, which the simulated hosts acknowledge as Nova's fake
 * driver does without changing anything.
 */
import type { Runtime } from '../../runtime.js';
import { notFound } from '../../domain/errors.js';
import { instancesOnHost, usageByNode } from '../../store/repositories/usage-queries.js';
import { listComputeHosts, type ComputeHostRow } from './host-reads.js';
import { listServices } from './service-admin.js';

export interface HostEntry {
  host_name: string;
  service: string;
  zone: string;
}

export interface HostResource {
  host: string;
  project: string;
  cpu: number;
  memory_mb: number;
  disk_gb: number;
}

export type HostPowerAction = 'startup' | 'shutdown' | 'reboot';

/** index: every enabled service but the API ones, by its topic (the binary without "nova-") */
export async function listHostServices(rt: Runtime, zone?: string): Promise<HostEntry[]> {
  return (await listServices(rt))
    .filter((s) => s.status === 'enabled' && (!zone || s.zone === zone))
    .map((s) => ({ host_name: s.host, service: s.binary.replace(/^nova-/, ''), zone: s.zone }));
}

async function computeHost(rt: Runtime, host: string): Promise<ComputeHostRow | undefined> {
  return (await listComputeHosts(rt)).find((h) => h.host === host);
}

const hostNotMapped = (host: string) => notFound(`Host '${host}' is not mapped to any cell`);

/**
 * HostAPI's @target_host_cell runs first: a name that is no compute host has no host mapping
 * (HostMappingNotFound, which hosts.py answers 404), as the real Nova answers.
 */
async function assertComputeHost(rt: Runtime, host: string): Promise<ComputeHostRow> {
  const h = await computeHost(rt, host);
  if (!h) throw hostNotMapped(host);
  return h;
}

/**
 * show: the host's totals, what its compute node reports used now, the sum over its instances
 * (root + ephemeral disk) and the same per project. A host that is not a compute host is not
 * mapped to any cell (HostMappingNotFound, 404).
 */
export async function hostResources(rt: Runtime, host: string): Promise<HostResource[]> {
  const h = await assertComputeHost(rt, host);
  const used = (await usageByNode(rt.store.db, [h.node])).get(h.node);
  const instances = await instancesOnHost(rt.store.db, host);
  const disk = (i: { root_gb: number; flavor: string }): number => {
    const flavor = JSON.parse(i.flavor) as { ephemeral_gb?: number };
    return i.root_gb + (flavor.ephemeral_gb ?? 0);
  };
  const out: HostResource[] = [
    { host, project: '(total)', cpu: h.vcpus, memory_mb: h.memory_mb, disk_gb: h.local_gb },
    { host, project: '(used_now)', cpu: used?.cores ?? 0, memory_mb: used?.ram ?? 0, disk_gb: used?.disk ?? 0 },
  ];
  const max: HostResource = { host, project: '(used_max)', cpu: 0, memory_mb: 0, disk_gb: 0 };
  const byProject = new Map<string, HostResource>();
  for (const i of instances) {
    const p = byProject.get(i.project_id) ?? { host, project: i.project_id, cpu: 0, memory_mb: 0, disk_gb: 0 };
    byProject.set(i.project_id, p);
    for (const r of [max, p]) {
      r.cpu += i.vcpus;
      r.memory_mb += i.memory_mb;
      r.disk_gb += disk(i);
    }
  }
  return [...out, max, ...byProject.values()];
}

/** set_host_enabled: the fake driver's answer, nothing changes (os-services disables a host) */
export async function setHostEnabled(rt: Runtime, host: string, enabled: boolean): Promise<string> {
  await assertComputeHost(rt, host);
  return enabled ? 'enabled' : 'disabled';
}

/** set_host_maintenance: the fake driver's answer, nothing is evacuated */
export async function setHostMaintenance(rt: Runtime, host: string, on: boolean): Promise<string> {
  await assertComputeHost(rt, host);
  return on ? 'on_maintenance' : 'off_maintenance';
}

/** host_power_action: the fake driver echoes the action; the simulated host keeps running */
export async function hostPowerAction(rt: Runtime, host: string, action: HostPowerAction): Promise<string> {
  await assertComputeHost(rt, host);
  return action;
}
