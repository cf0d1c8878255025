/**
 * GET /servers/{id}/diagnostics (compute/api.py get_diagnostics / get_instance_diagnostics,
 * compute/manager.py, the libvirt driver's shapes): figures drawn from the server's real make-up
 * (its flavor's vCPUs and RAM, its ports' MACs, its local and volume disks) with counters that
 * grow with its uptime, so they are the same on every read at the same clock.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { instanceNotFound } from '../../domain/errors.js';
import { checkInstanceHost, invalidState } from '../../domain/instances/rules.js';
import { PowerState } from '../../domain/instances/states.js';
import { isUuidLike } from '../../lib/ids.js';
import { findInstance } from '../../store/repositories/instance-repository.js';
import { bdmsOfInstance } from '../../store/repositories/attachment-repository.js';
import { addressesFor } from './server-reads.js';

// nova/compute/power_state.py STATE_MAP
const POWER_NAMES: Record<number, string> = {
  0: 'pending',
  1: 'running',
  3: 'paused',
  4: 'shutdown',
  6: 'crashed',
  7: 'suspended',
};

export interface DiagnosticsDisk {
  /** the guest device name (vda, vdb, …) */
  device: string;
  read_bytes: number;
  read_requests: number;
  write_bytes: number;
  write_requests: number;
  errors_count: number;
}

export interface DiagnosticsNic {
  mac_address: string;
  rx_octets: number;
  rx_errors: number;
  rx_drop: number;
  rx_packets: number;
  tx_octets: number;
  tx_errors: number;
  tx_drop: number;
  tx_packets: number;
}

export interface ServerDiagnostics {
  state: string;
  uptime: number;
  configDrive: boolean;
  hypervisor: string;
  /** per vCPU: cumulative CPU time in nanoseconds */
  cpus: Array<{ id: number; time: number }>;
  /** KiB, as libvirt reports memory */
  memoryKib: number;
  disks: DiagnosticsDisk[];
  nics: DiagnosticsNic[];
}

const disk = (device: string, uptime: number, weight: number): DiagnosticsDisk => ({
  device,
  read_bytes: 262144 + uptime * 4096 * weight,
  read_requests: 112 + uptime * 2 * weight,
  write_bytes: 65536 + uptime * 1024 * weight,
  write_requests: 16 + uptime * weight,
  errors_count: 0,
});

const nic = (mac: string, uptime: number): DiagnosticsNic => ({
  mac_address: mac,
  rx_octets: 2048 + uptime * 512,
  rx_errors: 0,
  rx_drop: 0,
  rx_packets: 16 + uptime * 4,
  tx_octets: 1024 + uptime * 256,
  tx_errors: 0,
  tx_drop: 0,
  tx_packets: 8 + uptime * 2,
});

/**
 * The server's 404, then @check_instance_host (409 not ready), then the manager's power-state
 * check (409 "Cannot 'get_diagnostics' instance X while it is in power state shutdown").
 */
export async function serverDiagnostics(rt: Runtime, ctx: RequestContext, uuid: string): Promise<ServerDiagnostics> {
  const inst = isUuidLike(uuid) ? await findInstance(rt.store.db, uuid) : undefined;
  if (!inst || inst.deleted || (!ctx.isAdmin && inst.project_id !== ctx.projectId)) throw instanceNotFound(uuid);
  checkInstanceHost(inst);
  if (inst.power_state !== PowerState.RUNNING)
    throw invalidState('get_diagnostics', inst.uuid, 'power state', POWER_NAMES[inst.power_state] ?? 'nostate');
  const launched = inst.launched_at ? Date.parse(inst.launched_at) : rt.clock().getTime();
  const uptime = Math.max(0, Math.floor((rt.clock().getTime() - launched) / 1000));
  const [bdms, addrs] = await Promise.all([bdmsOfInstance(rt.store.db, inst.uuid), addressesFor(rt, [inst.uuid])]);
  const flavor = JSON.parse(inst.flavor) as { ephemeral_gb?: number };
  const disks: DiagnosticsDisk[] = [];
  // the image-backed root disk and the flavor's ephemeral disk are local; volumes follow by device
  if (inst.image_ref) disks.push(disk('vda', uptime, 2));
  if ((flavor.ephemeral_gb ?? 0) > 0) disks.push(disk('vdb', uptime, 1));
  for (const b of bdms) disks.push(disk(b.device_name.replace(/^\/dev\//, ''), uptime, b.boot_index === 0 ? 2 : 1));
  const macs = [
    ...new Set((addrs.get(inst.uuid) ?? []).filter((a) => a.type !== 'floating').map((a) => a.mac_address)),
  ];
  return {
    state: POWER_NAMES[inst.power_state] ?? 'nostate',
    uptime,
    configDrive: inst.config_drive === 'True' || inst.config_drive === 'true' || inst.config_drive === '1',
    hypervisor: 'fake',
    cpus: Array.from({ length: inst.vcpus }, (_, id) => ({ id, time: 1_000_000_000 + uptime * 10_000_000 })),
    memoryKib: inst.memory_mb * 1024,
    disks,
    nics: macs.map((m) => nic(m, uptime)),
  };
}
