/**
 * Ports for an instance (nova/network/neutron.py allocate_for_instance / deallocate_for_instance):
 * requested networks get a compute-created port, requested ports are bound, each recorded in
 * virtual_interfaces. Allocation is one transaction, so a retried build finds it done or undone.
 */
import { newUuid } from '../../lib/ids.js';
import { availableNetworks } from '../../services/network/network-service.js';
import { bindPort, createPortForInstance, deletePort, unbindPort, type Port } from '../../services/network/port-service.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';
import type { Trx } from '../../store/database.js';
import type { ExecContext } from './common.js';
import type { RequestedNetworks } from '../../services/compute/requested-networks.js';
import { announceVifsDeleted, announceVifsPlugged, announceVifsUnplugged } from '../../services/network/port-events.js';


async function vifsOf(x: ExecContext, uuid: string) {
  return x.rt.store.db.selectFrom('virtual_interfaces').selectAll().where('instance_uuid', '=', uuid).orderBy('created_at').execute();
}

/**
 * 'auto'/'default': the one network the project may use (availableNetworks, as the API checked
 * at create); none at all → no interface (the API refused an explicit 'auto' then; as Nova, a
 * server asked for without networks boots without a NIC). Several (networks changed since the
 * create) fail the build as Nova's allocation would.
 */
async function autoNetwork(trx: Trx, projectId: string): Promise<string | null> {
  const nets = await availableNetworks(trx, projectId);
  if (nets.length === 1) return nets[0].id;
  if (nets.length === 0) return null;
  throw new Error('Multiple possible networks found, use a Network ID to be more specific.');
}

/** allocates the instance's ports (once), bound to its host */
export async function allocateNetworks(x: ExecContext, inst: InstancesTable, host: string): Promise<void> {
  const requested = JSON.parse(inst.requested_networks || '"none"') as RequestedNetworks;
  if (requested === 'none') return;
  if ((await vifsOf(x, inst.uuid)).length === 0) {
    await x.rt.store.transaction(async (trx) => {
      const auto = requested === 'auto' || requested === 'default' ? await autoNetwork(trx, inst.project_id) : null;
      const wants = auto !== null ? [{ uuid: auto }] : Array.isArray(requested) ? requested : [];
      for (const w of wants) {
        let port: Port;
        let created = 0;
        if (w.port) port = await bindPort(trx, w.port, { deviceId: inst.uuid, hostId: host });
        else if (w.uuid) {
          port = await createPortForInstance(trx, { instanceUuid: inst.uuid, projectId: inst.project_id, networkId: w.uuid, fixedIp: w.fixed_ip, hostId: host });
          created = 1;
        } else continue;
        await trx.insertInto('virtual_interfaces').values({
          id: newUuid(), instance_uuid: inst.uuid, port_id: port.id, network_id: port.network_id, mac_address: port.mac_address,
          tag: w.tag ?? null, created_by_compute: created, created_at: x.rt.clock().toISOString(),
        }).execute();
      }
    });
  }
}

/**
 * plugs the allocated ports into the spawned guest (the driver does this within spawn in Nova);
 * the network side then reports them up with network-vif-plugged. Returns the plugged port ids.
 */
export async function plugVifs(x: ExecContext, inst: InstancesTable, host: string): Promise<string[]> {
  const ports = (await vifsOf(x, inst.uuid)).map((v) => v.port_id);
  for (const p of ports) await x.driver.plugVif(host, inst.uuid, p);
  await announceVifsPlugged(x.rt, inst.uuid, ports);
  return ports;
}

/** unplugs, deletes the ports compute created, unbinds the user's own, forgets the interfaces */
export async function deallocateNetworks(x: ExecContext, inst: InstancesTable, opts: { unplug: boolean } = { unplug: true }): Promise<void> {
  const vifs = await vifsOf(x, inst.uuid);
  // a host that is down cannot unplug anything: only the Neutron side is released then
  if (opts.unplug) for (const v of vifs) if (inst.host) await x.driver.unplugVif(inst.host, inst.uuid, v.port_id);
  if (!vifs.length) return;
  await x.rt.store.transaction(async (trx) => {
    for (const v of vifs) {
      // the port may already be gone (deleted through Neutron): nothing left to release
      if (v.created_by_compute) await deletePort(trx, v.port_id).catch(() => undefined);
      else await unbindPort(trx, v.port_id).catch(() => undefined);
    }
    await trx.deleteFrom('virtual_interfaces').where('instance_uuid', '=', inst.uuid).execute();
  });
  // Neutron reports deleted ports as network-vif-deleted and unbound ones (ACTIVE → DOWN) as
  // network-vif-unplugged; a failed notification never fails the release
  const deleted = vifs.filter((v) => v.created_by_compute).map((v) => v.port_id);
  const unbound = vifs.filter((v) => !v.created_by_compute).map((v) => v.port_id);
  await announceVifsDeleted(x.rt, inst.uuid, deleted).catch((e: unknown) => x.rt.log.warn({ err: e }, 'network-vif-deleted not sent'));
  await announceVifsUnplugged(x.rt, inst.uuid, unbound).catch((e: unknown) => x.rt.log.warn({ err: e }, 'network-vif-unplugged not sent'));
}
