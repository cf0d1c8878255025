/**
 * The one way an instance's ports are bound and released, for a build (nova/network/neutron.py
 * allocate_for_instance / deallocate_for_instance) and an interface attach/detach
 * (allocate_port_for_instance / deallocate_port_for_instance): validate the requested port or
 * network, create or bind the port for the instance's host and record the virtual interface (the
 * virtual-interface repository is the only writer of those rows), all in one transaction. Races
 * are decided by the database: bindPort's conditional UPDATE and virtual_interfaces.port_id
 * UNIQUE, so two binds of one port can never both win.
 *
 * The caller's visibility (which ports and networks the requester may use, the external-network
 * rule) is checked with the requester's rights: an attach carries them in its operation; a build
 * was checked with them when the API accepted the create (requested-networks.ts), so its binds run
 * as CHECKED_AT_CREATE and only the in-use and race checks apply again.
 */
import type { Runtime } from '../../runtime.js';
import { newUuid } from '../../lib/ids.js';
import type { Trx } from '../../store/database.js';
import { isDomainError } from '../../domain/errors.js';
import {
  externalNetworkAttachForbidden,
  fixedIpInUse,
  fixedIpInvalidForNetwork,
  networkAmbiguous,
  noMoreFixedIps,
  noNetworkAvailable,
  novaNetworkNotFound,
  novaPortInUse,
  novaPortNotFound,
  portNotUsable,
} from '../../domain/instances/interface-errors.js';
import * as netRepo from '../../store/repositories/network-repository.js';
import {
  deleteVif,
  findVif,
  findVifOfPort,
  insertVif,
  vifsOfInstance,
  type VirtualInterfaceRow,
} from '../../store/repositories/virtual-interface-repository.js';
import {
  bindPort,
  createPortForInstance,
  deletePort,
  moveBinding,
  setBindingHost,
  unbindPort,
  type Port,
} from './port-service.js';
import { availableNetworks } from './network-service.js';
import { ensureDefaultSecurityGroup } from './security-group-service.js';
import { instanceSecurityGroupsText } from '../../store/repositories/instance-security-groups.js';
import type { RequestedNetworks } from '../compute/requested-networks.js';

export type { VirtualInterfaceRow };

export interface InterfaceRequest {
  netId?: string;
  portId?: string;
  fixedIp?: string;
  tag?: string;
  callerProjectId: string | null;
  callerIsAdmin: boolean;
}

export interface AllocateArgs {
  instance: { uuid: string; project_id: string };
  host: string;
  /** the virtual interface's id: the operation's id, so a retried attach finds its own work */
  vifId: string;
  req: InterfaceRequest;
}

type Caller = Pick<InterfaceRequest, 'callerProjectId' | 'callerIsAdmin'>;

/** a build's requester: their rights were checked when the create was accepted */
const CHECKED_AT_CREATE = 'checked-at-create' as const;
type Requester = InterfaceRequest | typeof CHECKED_AT_CREATE;

/** neutron.py _check_external_network_attach: only admins plug into external, non-shared networks */
function checkExternal(caller: Caller, net: netRepo.NetworkRow): void {
  if (net.router_external === 1 && net.shared !== 1 && !caller.callerIsAdmin)
    throw externalNetworkAttachForbidden(net.id);
}

/** `at`: the runtime clock's time for every row this binding writes */
interface Target {
  instance: { uuid: string; project_id: string };
  host: string;
  at: string;
}

async function bindExisting(trx: Trx, t: Target, portId: string, who: Requester): Promise<Port> {
  const { instance } = t;
  // _show_port with the caller's token: a port the caller cannot see does not exist
  const visibleTo = who === CHECKED_AT_CREATE || who.callerIsAdmin ? undefined : (who.callerProjectId ?? '');
  const [row] = await netRepo.listPorts(trx, { ids: [portId], visibleTo });
  if (!row) throw novaPortNotFound(portId);
  if (who !== CHECKED_AT_CREATE) {
    if (row.project_id !== instance.project_id) throw portNotUsable(portId, instance.uuid);
    const net = await netRepo.findNetwork(trx, row.network_id);
    if (net) checkExternal(who, net);
  }
  if (row.device_id !== '') throw novaPortInUse(portId);
  try {
    return await bindPort(trx, portId, { deviceId: instance.uuid, hostId: t.host }, t.at);
  } catch (e) {
    if (isDomainError(e) && e.code === 'PORT_IN_USE') throw novaPortInUse(portId);
    if (isDomainError(e) && e.code === 'PORT_NOT_FOUND') throw novaPortNotFound(portId);
    throw e;
  }
}

/** the one network the project may use ('auto', or an attach naming none); null: none at all */
async function onlyNetwork(trx: Trx, projectId: string): Promise<string | null> {
  const nets = await availableNetworks(trx, projectId);
  if (nets.length > 1) throw networkAmbiguous();
  return nets[0]?.id ?? null;
}

async function pickNetwork(trx: Trx, a: AllocateArgs): Promise<string> {
  const { req, instance } = a;
  if (req.netId === undefined) {
    const only = await onlyNetwork(trx, instance.project_id);
    if (only === null) throw noNetworkAvailable(instance.project_id);
    return only;
  }
  const net = await netRepo.findNetwork(trx, req.netId);
  const visible =
    net &&
    (req.callerIsAdmin || net.project_id === req.callerProjectId || net.shared === 1 || net.router_external === 1);
  if (!net || !visible) throw novaNetworkNotFound(req.netId);
  checkExternal(req, net);
  return net.id;
}

/**
 * The ids of the groups the instance was created with (names or ids, as recorded on it), among its
 * project's groups (neutron.py _process_security_groups); undefined: none recorded, Neutron's default.
 */
async function instanceGroupIds(trx: Trx, t: Target): Promise<string[] | undefined> {
  const text = await instanceSecurityGroupsText(trx, t.instance.uuid);
  const names = text ? (JSON.parse(text) as string[]) : [];
  // the project's default group is what createPort gives anyway (no group may be named default)
  if (names.length === 0 || (names.length === 1 && names[0] === 'default')) return undefined;
  await ensureDefaultSecurityGroup(trx, t.instance.project_id, t.at);
  const groups = await netRepo.listSecurityGroups(trx, { projectIds: [t.instance.project_id] });
  const ids = names
    .map((n) => (groups.find((g) => g.id === n) ?? groups.find((g) => g.name === n))?.id)
    .filter((id): id is string => id !== undefined);
  return ids.length > 0 ? [...new Set(ids)] : undefined;
}

async function createOnNetwork(trx: Trx, t: Target, networkId: string, fixedIp: string | undefined): Promise<Port> {
  const { instance } = t;
  const securityGroups = await instanceGroupIds(trx, t);
  try {
    return await createPortForInstance(
      trx,
      {
        instanceUuid: instance.uuid,
        projectId: instance.project_id,
        networkId,
        fixedIp,
        hostId: t.host,
        securityGroups,
      },
      t.at,
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === 'IP_ALREADY_ALLOCATED') throw fixedIpInUse(fixedIp ?? '');
    if (e.code === 'IP_EXHAUSTED') throw noMoreFixedIps(networkId);
    if (e.code === 'INVALID_IP') throw fixedIpInvalidForNetwork(fixedIp ?? '', networkId);
    if (e.code === 'NETWORK_NOT_FOUND') throw novaNetworkNotFound(networkId);
    throw e;
  }
}

function vifRow(
  id: string,
  instanceUuid: string,
  port: Port,
  tag: string | null,
  createdByCompute: boolean,
  at: string,
): VirtualInterfaceRow {
  return {
    id,
    instance_uuid: instanceUuid,
    port_id: port.id,
    network_id: port.network_id,
    mac_address: port.mac_address,
    tag,
    created_by_compute: createdByCompute ? 1 : 0,
    created_at: at,
  };
}

/** Creates or binds the port and records the interface; throws Nova's errors (400/403/404/409). */
export async function allocateInterface(rt: Runtime, a: AllocateArgs): Promise<VirtualInterfaceRow> {
  try {
    return await rt.store.transaction(async (trx) => {
      const t: Target = { ...a, at: rt.clock().toISOString() };
      const port =
        a.req.portId !== undefined
          ? await bindExisting(trx, t, a.req.portId, a.req)
          : await createOnNetwork(trx, t, await pickNetwork(trx, a), a.req.fixedIp);
      const vif = vifRow(a.vifId, a.instance.uuid, port, a.req.tag ?? null, a.req.portId === undefined, t.at);
      await insertVif(trx, vif);
      return vif;
    });
  } catch (e) {
    // the same port attached twice to one server concurrently: the second interface row loses
    if (a.req.portId !== undefined && rt.store.adapter.isUniqueViolation(e)) throw novaPortInUse(a.req.portId);
    throw e;
  }
}

/**
 * Gives the port back: deleted when compute created it, unbound (and kept) when it was the user's.
 * Only the release that removes the interface row touches the port, so two concurrent detaches
 * cannot unbind a port that meanwhile went to another server.
 */
export async function releaseInterface(rt: Runtime, vif: VirtualInterfaceRow): Promise<boolean> {
  return rt.store.transaction((trx) => releaseIn(trx, vif, rt.clock().toISOString()));
}

async function releaseIn(trx: Trx, vif: VirtualInterfaceRow, at: string): Promise<boolean> {
  if (!(await deleteVif(trx, vif.id))) return false;
  const gone = (e: unknown) => {
    if (!(isDomainError(e) && e.code === 'PORT_NOT_FOUND')) throw e;
  };
  if (vif.created_by_compute) await deletePort(trx, vif.port_id).catch(gone);
  else await unbindPort(trx, vif.port_id, at).catch(gone);
  return true;
}

/**
 * A build's ports, once: each requested network gets a compute-created port, each requested port
 * is bound, both to `host`; 'auto'/'default' is the one network the project may use (none: no
 * interface, as Nova boots a server without networks). One transaction, so a retried build finds
 * the allocation done or undone.
 */
export async function allocateBuildPorts(
  rt: Runtime,
  instance: { uuid: string; project_id: string; requested_networks: string },
  host: string,
): Promise<void> {
  const requested = JSON.parse(instance.requested_networks || '"none"') as RequestedNetworks;
  if (requested === 'none') return;
  if ((await vifsOfInstance(rt.store.db, instance.uuid)).length > 0) return;
  const t: Target = { instance, host, at: rt.clock().toISOString() };
  await rt.store.transaction(async (trx) => {
    const auto = requested === 'auto' || requested === 'default' ? await onlyNetwork(trx, instance.project_id) : null;
    const wants = auto !== null ? [{ uuid: auto }] : Array.isArray(requested) ? requested : [];
    for (const w of wants) {
      const port = w.port
        ? await bindExisting(trx, t, w.port, CHECKED_AT_CREATE)
        : w.uuid
          ? await createOnNetwork(trx, t, w.uuid, w.fixed_ip)
          : null;
      if (port) await insertVif(trx, vifRow(newUuid(), instance.uuid, port, w.tag ?? null, !w.port, t.at));
    }
  });
}

/** gives back every port of the instance (as releaseInterface each); returns the released interfaces */
export async function releaseInstancePorts(rt: Runtime, instanceUuid: string): Promise<VirtualInterfaceRow[]> {
  const vifs = await vifsOfInstance(rt.store.db, instanceUuid);
  if (!vifs.length) return [];
  return rt.store.transaction(async (trx) => {
    const released: VirtualInterfaceRow[] = [];
    const at = rt.clock().toISOString();
    for (const v of vifs) if (await releaseIn(trx, v, at)) released.push(v);
    return released;
  });
}

/** a resize (or its revert) moved the instance: its ports' binding:host_id follows, in one transaction */
export async function moveInstancePorts(rt: Runtime, instanceUuid: string, host: string): Promise<void> {
  const vifs = await vifsOfInstance(rt.store.db, instanceUuid);
  if (!vifs.length) return;
  await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    for (const v of vifs) await moveBinding(trx, v.port_id, instanceUuid, host, at);
  });
}

/**
 * shelve-offload (network_api.unbind_ports, host '') and unshelve (setup_instance_network_on_host):
 * the instance's ports keep their addresses; their binding:host_id follows, in one transaction
 */
export async function bindInstancePortsTo(rt: Runtime, instanceUuid: string, host: string): Promise<void> {
  const vifs = await vifsOfInstance(rt.store.db, instanceUuid);
  if (!vifs.length) return;
  await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    for (const v of vifs) await setBindingHost(trx, v.port_id, instanceUuid, host, at);
  });
}

/** the instance's interfaces in attach order */
export const instanceInterfaces = (rt: Runtime, instanceUuid: string): Promise<VirtualInterfaceRow[]> =>
  vifsOfInstance(rt.store.db, instanceUuid);

/** the interface an attach operation made (it carries the operation's id) */
export const interfaceOfOperation = (rt: Runtime, opId: string): Promise<VirtualInterfaceRow | undefined> =>
  findVif(rt.store.db, opId);

/** the interface of a port on an instance */
export const interfaceOfPort = (
  rt: Runtime,
  instanceUuid: string,
  portId: string,
): Promise<VirtualInterfaceRow | undefined> => findVifOfPort(rt.store.db, instanceUuid, portId);
