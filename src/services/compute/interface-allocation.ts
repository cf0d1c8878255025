/**
 * The Neutron side of an interface attach/detach, as nova/network/neutron.py
 * allocate_port_for_instance / deallocate_port_for_instance do it: validate the requested port or
 * network with the caller's visibility, create or bind the port for the instance's host and record
 * the virtual interface, all in one transaction. Races are decided by the database: bindPort's
 * conditional UPDATE and virtual_interfaces.port_id UNIQUE, so two attaches of one port can never
 * both win.
 */
import type { Store } from '../../store/store.js';
import type { Trx } from '../../store/database.js';
import { isDomainError } from '../../domain/errors.js';
import {
  externalNetworkAttachForbidden, fixedIpInUse, fixedIpInvalidForNetwork, networkAmbiguous, noMoreFixedIps, noNetworkAvailable,
  novaNetworkNotFound, novaPortInUse, novaPortNotFound, portNotUsable,
} from '../../domain/instances/interface-errors.js';
import * as netRepo from '../../store/repositories/network-repository.js';
import { deleteVif, insertVif, type VirtualInterfaceRow } from '../../store/repositories/virtual-interface-repository.js';
import { bindPort, createPortForInstance, deletePort, unbindPort, type Port } from '../network/port-service.js';
import { availableNetworks } from '../network/network-service.js';

export interface InterfaceRequest {
  netId?: string; portId?: string; fixedIp?: string; tag?: string;
  callerProjectId: string | null; callerIsAdmin: boolean;
}

export interface AllocateArgs {
  instance: { uuid: string; project_id: string };
  host: string;
  /** the virtual interface's id: the operation's id, so a retried attach finds its own work */
  vifId: string;
  req: InterfaceRequest;
}

type Caller = Pick<InterfaceRequest, 'callerProjectId' | 'callerIsAdmin'>;

/** neutron.py _check_external_network_attach: only admins plug into external, non-shared networks */
function checkExternal(caller: Caller, net: netRepo.NetworkRow): void {
  if (net.router_external === 1 && net.shared !== 1 && !caller.callerIsAdmin) throw externalNetworkAttachForbidden(net.id);
}

async function bindExisting(trx: Trx, a: AllocateArgs, portId: string): Promise<Port> {
  const { req, instance } = a;
  // _show_port with the caller's token: a port the caller cannot see does not exist
  const [row] = await netRepo.listPorts(trx, { ids: [portId], visibleTo: req.callerIsAdmin ? undefined : req.callerProjectId ?? '' });
  if (!row) throw novaPortNotFound(portId);
  if (row.project_id !== instance.project_id) throw portNotUsable(portId, instance.uuid);
  if (row.device_id !== '') throw novaPortInUse(portId);
  const net = await netRepo.findNetwork(trx, row.network_id);
  if (net) checkExternal(req, net);
  try {
    return await bindPort(trx, portId, { deviceId: instance.uuid, hostId: a.host });
  } catch (e) {
    if (isDomainError(e) && e.code === 'PORT_IN_USE') throw novaPortInUse(portId);
    if (isDomainError(e) && e.code === 'PORT_NOT_FOUND') throw novaPortNotFound(portId);
    throw e;
  }
}

async function pickNetwork(trx: Trx, a: AllocateArgs): Promise<string> {
  const { req, instance } = a;
  if (req.netId === undefined) {
    const nets = await availableNetworks(trx, instance.project_id);
    if (nets.length === 0) throw noNetworkAvailable(instance.project_id);
    if (nets.length > 1) throw networkAmbiguous();
    return nets[0].id;
  }
  const net = await netRepo.findNetwork(trx, req.netId);
  const visible = net && (req.callerIsAdmin || net.project_id === req.callerProjectId || net.shared === 1 || net.router_external === 1);
  if (!net || !visible) throw novaNetworkNotFound(req.netId);
  checkExternal(req, net);
  return net.id;
}

async function createOnNetwork(trx: Trx, a: AllocateArgs, networkId: string): Promise<Port> {
  const { req, instance } = a;
  try {
    return await createPortForInstance(trx, {
      instanceUuid: instance.uuid, projectId: instance.project_id, networkId, fixedIp: req.fixedIp, hostId: a.host,
    });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === 'IP_ALREADY_ALLOCATED') throw fixedIpInUse(req.fixedIp ?? '');
    if (e.code === 'IP_EXHAUSTED') throw noMoreFixedIps(networkId);
    if (e.code === 'INVALID_IP') throw fixedIpInvalidForNetwork(req.fixedIp ?? '', networkId);
    if (e.code === 'NETWORK_NOT_FOUND') throw novaNetworkNotFound(networkId);
    throw e;
  }
}

/** Creates or binds the port and records the interface; throws Nova's errors (400/403/404/409). */
export async function allocateInterface(store: Store, a: AllocateArgs): Promise<VirtualInterfaceRow> {
  try {
    return await store.transaction(async (trx) => {
      const port = a.req.portId !== undefined ? await bindExisting(trx, a, a.req.portId) : await createOnNetwork(trx, a, await pickNetwork(trx, a));
      const vif: VirtualInterfaceRow = {
        id: a.vifId, instance_uuid: a.instance.uuid, port_id: port.id, network_id: port.network_id, mac_address: port.mac_address,
        tag: a.req.tag ?? null, created_by_compute: a.req.portId !== undefined ? 0 : 1, created_at: new Date().toISOString(),
      };
      await insertVif(trx, vif);
      return vif;
    });
  } catch (e) {
    // the same port attached twice to one server concurrently: the second interface row loses
    if (a.req.portId !== undefined && store.adapter.isUniqueViolation(e)) throw novaPortInUse(a.req.portId);
    throw e;
  }
}

/**
 * Gives the port back: deleted when compute created it, unbound (and kept) when it was the user's.
 * Only the release that removes the interface row touches the port, so two concurrent detaches
 * cannot unbind a port that meanwhile went to another server.
 */
export async function releaseInterface(store: Store, vif: VirtualInterfaceRow): Promise<boolean> {
  return store.transaction(async (trx) => {
    if (!(await deleteVif(trx, vif.id))) return false;
    const gone = (e: unknown) => { if (!(isDomainError(e) && e.code === 'PORT_NOT_FOUND')) throw e; };
    if (vif.created_by_compute) await deletePort(trx, vif.port_id).catch(gone);
    else await unbindPort(trx, vif.port_id).catch(gone);
    return true;
  });
}
