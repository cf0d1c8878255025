/** An instance's plugged ports with their fixed IPs, for several instances in one query (no N+1). */
import type { DbOrTrx } from '../database.js';

export interface PluggedPort {
  portId: string;
  networkId: string;
  macAddress: string;
  tag: string | null;
  fixedIps: Array<{ subnet_id: string; ip_address: string }>;
}

export async function pluggedPortsFor(
  db: DbOrTrx,
  instanceUuids: readonly string[],
): Promise<Map<string, PluggedPort[]>> {
  const out = new Map<string, PluggedPort[]>();
  if (instanceUuids.length === 0) return out;
  const rows = await db
    .selectFrom('virtual_interfaces as vif')
    .leftJoin('ip_allocations as ip', 'ip.port_id', 'vif.port_id')
    .select([
      'vif.instance_uuid',
      'vif.port_id',
      'vif.network_id',
      'vif.mac_address',
      'vif.tag',
      'vif.created_at',
      'ip.subnet_id',
      'ip.ip_address',
    ])
    .where('vif.instance_uuid', 'in', [...instanceUuids])
    .orderBy('vif.created_at')
    .orderBy('vif.port_id')
    .execute();
  for (const r of rows) {
    let ports = out.get(r.instance_uuid);
    if (!ports) {
      ports = [];
      out.set(r.instance_uuid, ports);
    }
    let port = ports.find((p) => p.portId === r.port_id);
    if (!port) {
      port = { portId: r.port_id, networkId: r.network_id, macAddress: r.mac_address, tag: r.tag, fixedIps: [] };
      ports.push(port);
    }
    if (r.ip_address && r.subnet_id) port.fixedIps.push({ subnet_id: r.subnet_id, ip_address: r.ip_address });
  }
  return out;
}
