/**
 * GET /servers/{id}/diagnostics (nova/api/openstack/compute/server_diagnostics.py and
 * views/server_diagnostics.py): admin only by default; before 2.48 the driver's own flat
 * dictionary (the libvirt driver's keys), from 2.48 Nova's standard diagnostics document.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { serverDiagnostics, type ServerDiagnostics } from '../../services/compute/server-diagnostics-service.js';
import { requestServer, serverProject } from './server-lookup.js';

/** libvirt driver get_diagnostics: cpuN_time, <disk>_read…, vnetN_rx…, memory (KiB) */
function legacyView(d: ServerDiagnostics): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of d.cpus) out[`cpu${c.id}_time`] = c.time;
  for (const k of d.disks) {
    out[`${k.device}_read_req`] = k.read_requests;
    out[`${k.device}_read`] = k.read_bytes;
    out[`${k.device}_write_req`] = k.write_requests;
    out[`${k.device}_write`] = k.write_bytes;
    out[`${k.device}_errors`] = k.errors_count;
  }
  d.nics.forEach((n, i) => {
    out[`vnet${i}_rx`] = n.rx_octets;
    out[`vnet${i}_rx_packets`] = n.rx_packets;
    out[`vnet${i}_rx_errors`] = n.rx_errors;
    out[`vnet${i}_rx_drop`] = n.rx_drop;
    out[`vnet${i}_tx`] = n.tx_octets;
    out[`vnet${i}_tx_packets`] = n.tx_packets;
    out[`vnet${i}_tx_errors`] = n.tx_errors;
    out[`vnet${i}_tx_drop`] = n.tx_drop;
  });
  out.memory = d.memoryKib;
  return out;
}

/**
 * views/server_diagnostics.py instance_diagnostics, field for field. The driver is 'libvirt' (the
 * closest of the values Nova's HypervisorDriver field allows); the hypervisor is stackbox's
 * 'fake', as os-hypervisors shows it. libvirt reports no CPU utilisation nor NIC rates (null).
 */
function standardView(d: ServerDiagnostics) {
  return {
    state: d.state,
    driver: 'libvirt',
    hypervisor: d.hypervisor,
    hypervisor_os: 'linux',
    uptime: d.uptime,
    config_drive: d.configDrive,
    num_cpus: d.cpus.length,
    num_nics: d.nics.length,
    num_disks: d.disks.length,
    disk_details: d.disks.map((k) => ({
      read_bytes: k.read_bytes,
      read_requests: k.read_requests,
      write_bytes: k.write_bytes,
      write_requests: k.write_requests,
      errors_count: k.errors_count,
    })),
    cpu_details: d.cpus.map((c) => ({ id: c.id, time: c.time, utilisation: null })),
    nic_details: d.nics.map((n) => ({
      mac_address: n.mac_address,
      rx_octets: n.rx_octets,
      rx_errors: n.rx_errors,
      rx_drop: n.rx_drop,
      rx_packets: n.rx_packets,
      rx_rate: null,
      tx_octets: n.tx_octets,
      tx_errors: n.tx_errors,
      tx_drop: n.tx_drop,
      tx_packets: n.tx_packets,
      tx_rate: null,
    })),
    memory_details: { maximum: d.memoryKib, used: d.memoryKib },
  };
}

export function serverDiagnosticsRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'GET',
      url: '/servers/:serverId/diagnostics',
      policy: 'os_compute_api:os-server-diagnostics',
      target: serverProject(rt),
      handler: async (request) => {
        const row = await requestServer(rt, request);
        const d = await serverDiagnostics(rt, request.ctx, row.uuid);
        return request.mv.atLeast('2.48') ? standardView(d) : legacyView(d);
      },
    }),
  ];
}
