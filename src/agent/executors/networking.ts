/**
 * An instance's networking on the compute host (nova/network/neutron.py allocate_for_instance /
 * deallocate_for_instance, and the driver's VIF plugging): the Neutron side goes through the one
 * port-binding module an interface attach uses too; this file adds the hypervisor side and the
 * notifications Neutron sends.
 */
import type { ExecContext } from './common.js';
import type { InstanceRow } from '../../services/compute/instance-lifecycle.js';
import { allocateBuildPorts, instanceInterfaces, releaseInstancePorts } from '../../services/network/port-binding.js';
import { announceVifsDeleted, announceVifsPlugged, announceVifsUnplugged } from '../../services/network/port-events.js';

/** allocates the instance's ports (once), bound to its host */
export async function allocateNetworks(x: ExecContext, inst: InstanceRow, host: string): Promise<void> {
  await allocateBuildPorts(x.rt, inst, host);
}

/**
 * plugs the allocated ports into the spawned guest (the driver does this within spawn in Nova);
 * the network side then reports them up with network-vif-plugged. Returns the plugged port ids.
 */
export async function plugVifs(x: ExecContext, inst: InstanceRow, host: string): Promise<string[]> {
  const ports = (await instanceInterfaces(x.rt, inst.uuid)).map((v) => v.port_id);
  for (const p of ports) await x.driver.plugVif(host, inst.uuid, p);
  await announceVifsPlugged(x.rt, inst.uuid, ports);
  return ports;
}

/** unplugs, deletes the ports compute created, unbinds the user's own, forgets the interfaces */
export async function deallocateNetworks(
  x: ExecContext,
  inst: InstanceRow,
  opts: { unplug: boolean } = { unplug: true },
): Promise<void> {
  // a host that is down cannot unplug anything: only the Neutron side is released then
  if (opts.unplug && inst.host) {
    for (const v of await instanceInterfaces(x.rt, inst.uuid))
      await x.driver.unplugVif(inst.host, inst.uuid, v.port_id);
  }
  const vifs = await releaseInstancePorts(x.rt, inst.uuid);
  // Neutron reports deleted ports as network-vif-deleted and unbound ones (ACTIVE → DOWN) as
  // network-vif-unplugged; a failed notification never fails the release
  const deleted = vifs.filter((v) => v.created_by_compute).map((v) => v.port_id);
  const unbound = vifs.filter((v) => !v.created_by_compute).map((v) => v.port_id);
  await announceVifsDeleted(x.rt, inst.uuid, deleted).catch((e: unknown) =>
    x.rt.log.warn({ err: e }, 'network-vif-deleted not sent'),
  );
  await announceVifsUnplugged(x.rt, inst.uuid, unbound).catch((e: unknown) =>
    x.rt.log.warn({ err: e }, 'network-vif-unplugged not sent'),
  );
}
