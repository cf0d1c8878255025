/**
 * Ports: creation with MAC generation and IP allocation, binding, unbinding, deletion. Every
 * function takes the caller's transaction (or db) so compute can commit a port change together
 * with its own state. Races are decided by the database: UNIQUE(network_id, mac_address) for
 * MACs, PRIMARY KEY(network_id, ip_address) for addresses, conditional UPDATEs for binding.
 */
import type { DbOrTrx, Trx } from '../../store/database.js';
import * as repo from '../../store/repositories/network-repository.js';
import type { PortRow, SubnetRow } from '../../store/repositories/network-repository.js';
import {
  canonicalIp,
  eui64Address,
  firstFreeIp,
  ipToBigInt,
  isAutoAddressMode,
  isValidHostIp,
  parseCidr,
  type AllocationPool,
} from '../../domain/ports/ipam.js';
import {
  addressPairAndPortSecurityRequired,
  allocationOnAutoAddressSubnet,
  invalidInput,
  invalidIpForNetwork,
  macGenerationFailure,
  invalidIpForSubnet,
  ipAlreadyAllocated,
  ipGenerationFailure,
  macInUse,
  networkNotFound,
  portInUse,
  portNotFound,
  portSecurityAndIpRequiredForSecurityGroups,
  portSecurityPortHasSecurityGroup,
  revisionNumberConstraintFailed,
  servicePortInUse,
  subnetNotFound,
} from '../../domain/ports/network-errors.js';
import { newUuid, randomMac } from '../../lib/ids.js';
import {
  bindNewPortGroups,
  bindPortGroups,
  checkSecurityGroups,
  ensureDefaultSecurityGroup,
} from './security-group-service.js';
import type { RequestContext } from '../../domain/context.js';
import type { Runtime } from '../../runtime.js';
import type { NetworkRow } from './network-service.js';
import { retryOnConflict } from './retry.js';
import { countByProject, enforceNetworkQuota } from './quota-service.js';
import { announceVifsDeleted } from './port-events.js';
import { applyDhcpOptions, initialDhcpOptions, type DhcpOptionRequest } from './dhcp-options.js';
import { scheduleNetwork } from './agent-scheduling-service.js';

export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}
export interface FixedIpRequest {
  subnetId?: string;
  ipAddress?: string;
}
export type Port = PortRow & { fixedIps: FixedIp[] };

export interface PortSpec {
  networkId: string;
  projectId: string;
  name?: string;
  description?: string;
  macAddress?: string;
  /** undefined: one address per IP version from the network's subnets; [] : no address */
  fixedIps?: FixedIpRequest[];
  deviceId?: string;
  deviceOwner?: string;
  bindingHostId?: string;
  bindingVnicType?: string;
  bindingProfile?: Record<string, unknown>;
  /** undefined: the project's default group */
  securityGroups?: string[];
  portSecurityEnabled?: boolean;
  adminStateUp?: boolean;
  /** a pair without mac_address takes the port's MAC */
  allowedAddressPairs?: AddressPair[];
  /** extra_dhcp_opt: options with a null value are ignored */
  extraDhcpOpts?: DhcpOptionRequest[];
}

export interface AddressPair {
  ip_address: string;
  mac_address?: string;
}

/** the stored pairs: each with a MAC, the port's when none was given */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Stored in the order Neutron answers them: its allowedaddresspairs table's primary key is
 * (port_id, mac_address, ip_address) and the port loads them unordered, i.e. in key order.
 */
const pairsJson = (pairs: AddressPair[] | undefined, mac: string): string =>
  JSON.stringify(
    (pairs ?? [])
      .map((x) => ({ ip_address: x.ip_address, mac_address: x.mac_address ?? mac }))
      .sort((a, b) => cmp(a.mac_address, b.mac_address) || cmp(a.ip_address, b.ip_address)),
  );

const MAC_ATTEMPTS = 16;

/** Neutron's status: ACTIVE once bound to a host for a device, DOWN otherwise. */
export function portStatus(p: Pick<PortRow, 'device_id' | 'binding_host_id' | 'admin_state_up'>): string {
  return p.device_id !== '' && p.binding_host_id !== '' && p.admin_state_up === 1 ? 'ACTIVE' : 'DOWN';
}
const vifType = (hostId: string): string => (hostId === '' ? 'unbound' : 'ovs');

/** IPv4 before IPv6, then by address: a stable order whatever order the database returns. */
function byAddress(a: FixedIp, b: FixedIp): number {
  const x = ipToBigInt(a.ip_address);
  const y = ipToBigInt(b.ip_address);
  if (!x || !y) return 0;
  if (x.version !== y.version) return x.version - y.version;
  return x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
}

export async function withFixedIps(db: DbOrTrx, rows: PortRow[]): Promise<Port[]> {
  const allocs = (
    await repo.allocationsOfPorts(
      db,
      rows.map((r) => r.id),
    )
  )
    .map((a) => ({ port_id: a.port_id, subnet_id: a.subnet_id, ip_address: a.ip_address }))
    .sort(byAddress);
  return rows.map((r) => ({
    ...r,
    fixedIps: allocs
      .filter((a) => a.port_id === r.id)
      .map((a) => ({ subnet_id: a.subnet_id, ip_address: a.ip_address })),
  }));
}

/** The fields an interface attachment shows of a port (Nova's os-interface view). */
export type PortSummary = Pick<Port, 'id' | 'mac_address' | 'network_id' | 'status' | 'device_id' | 'fixedIps'>;

/**
 * A server's interface attachments as one query gives them (network-repository interfacesOfServer),
 * with the server's project_id named as on an instance row, for the API's one visibility rule.
 */
export interface ServerPorts {
  project_id: string;
  attachments: Array<{ port: PortSummary; tag: string | null }>;
}

/**
 * A live server's project and its ports (as listPorts with deviceIds and visibleTo) with their
 * addresses, each paired with its virtual interface's tag: the same ports, order and address
 * order as withFixedIps over listPorts plus the interfaces' tags. undefined: no live server.
 */
export async function serverPortsWithTags(
  db: DbOrTrx,
  serverUuid: string,
  visibleTo?: string,
): Promise<ServerPorts | undefined> {
  const rows = await repo.interfacesOfServer(db, serverUuid, visibleTo);
  const head = rows[0];
  if (head === undefined) return undefined;
  const attachments: ServerPorts['attachments'] = [];
  let last: PortSummary | undefined;
  // rows of one port are adjacent: the query orders by (created_at, id) and id is unique
  for (const r of rows) {
    if (r.id === null) continue; // the server has no port this caller may see
    if (last?.id !== r.id) {
      // a port's columns are NOT NULL: present whenever its id is
      last = {
        id: r.id,
        mac_address: r.mac_address ?? '',
        network_id: r.network_id ?? '',
        status: r.status ?? '',
        device_id: r.device_id ?? '',
        fixedIps: [],
      };
      attachments.push({ port: last, tag: r.tag });
    }
    if (r.ip_address !== null && r.subnet_id !== null)
      last.fixedIps.push({ subnet_id: r.subnet_id, ip_address: r.ip_address });
  }
  for (const a of attachments) if (a.port.fixedIps.length > 1) a.port.fixedIps.sort(byAddress);
  return { project_id: head.server_project_id, attachments };
}

export async function getPort(db: DbOrTrx, portId: string): Promise<Port | undefined> {
  const row = await repo.findPort(db, portId);
  return row ? (await withFixedIps(db, [row]))[0] : undefined;
}

export async function listPortsByDevice(db: DbOrTrx, deviceId: string): Promise<Port[]> {
  return withFixedIps(db, await repo.listPorts(db, { deviceIds: [deviceId] }));
}

/** Creates a port with its addresses inside `trx`; throws Neutron errors (404/400/409). */
/** `at`: the runtime clock's time, read by the caller (created_at/updated_at) */
export async function createPort(trx: Trx, spec: PortSpec, at: string): Promise<Port> {
  const network = await repo.findNetwork(trx, spec.networkId);
  if (!network) throw networkNotFound(spec.networkId);
  const portSecurity = spec.portSecurityEnabled ?? network.port_security_enabled === 1;
  // ml2's _process_port_create_security_group: groups need port security (and an address, below)
  if (!portSecurity && spec.securityGroups !== undefined && spec.securityGroups.length > 0)
    throw portSecurityAndIpRequiredForSecurityGroups();
  if (!portSecurity && (spec.allowedAddressPairs ?? []).length > 0) throw addressPairAndPortSecurityRequired();
  const securityGroups =
    spec.securityGroups !== undefined
      ? await checkSecurityGroups(trx, spec.projectId, spec.securityGroups, at)
      : !portSecurity
        ? []
        : [await ensureDefaultSecurityGroup(trx, spec.projectId, at)];
  const now = at;
  const hostId = spec.bindingHostId ?? '';
  const base = {
    id: newUuid(),
    network_id: network.id,
    project_id: spec.projectId,
    name: spec.name ?? '',
    description: spec.description ?? '',
    admin_state_up: spec.adminStateUp === false ? 0 : 1,
    device_id: spec.deviceId ?? '',
    device_owner: spec.deviceOwner ?? '',
    binding_host_id: hostId,
    binding_vif_type: vifType(hostId),
    binding_vnic_type: spec.bindingVnicType ?? 'normal',
    binding_profile: JSON.stringify(spec.bindingProfile ?? {}),
    security_groups: JSON.stringify(securityGroups),
    port_security_enabled: portSecurity ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  const row: PortRow = {
    ...base,
    mac_address: '',
    allowed_address_pairs: '[]',
    extra_dhcp_opts: initialDhcpOptions(spec.extraDhcpOpts),
    // fixed_ips [] asked for an unaddressed port (db_base_plugin_v2 create_port_db)
    ip_allocation: spec.fixedIps?.length === 0 ? 'none' : 'immediate',
    status: portStatus(base),
    revision_number: 0,
  };
  if (spec.macAddress !== undefined) {
    row.mac_address = spec.macAddress.toLowerCase();
    row.allowed_address_pairs = pairsJson(spec.allowedAddressPairs, row.mac_address);
    if (!(await repo.insertPort(trx, row))) throw macInUse(network.id, row.mac_address);
  } else {
    // generated MACs collide rarely; the unique constraint tells us, and we draw again
    let inserted = false;
    for (let i = 0; i < MAC_ATTEMPTS && !inserted; i++) {
      row.mac_address = randomMac();
      row.allowed_address_pairs = pairsJson(spec.allowedAddressPairs, row.mac_address);
      inserted = await repo.insertPort(trx, row);
    }
    if (!inserted) throw macGenerationFailure(network.id);
  }
  // a port without an address keeps its groups, the default one too (observed on Zed, with
  // fixed_ips [] or a network without subnets)
  const fixedIps = await allocateFixedIps(trx, row, spec.fixedIps);
  await bindNewPortGroups(trx, row.id, securityGroups);
  return { ...row, fixedIps };
}

/** Compute's entry point: a port for an instance on a network, optionally with one fixed IP. */
export async function createPortForInstance(
  trx: Trx,
  args: {
    instanceUuid: string;
    projectId: string;
    networkId: string;
    fixedIp?: string;
    hostId?: string;
    deviceOwner?: string;
    /** the instance's groups (ids of the project's groups); undefined: the project's default group */
    securityGroups?: string[];
  },
  at: string,
): Promise<Port> {
  // neutron.py _create_port_minimal: a network without port security gets no groups from Nova
  const network = args.securityGroups ? await repo.findNetwork(trx, args.networkId) : undefined;
  return createPort(
    trx,
    {
      networkId: args.networkId,
      projectId: args.projectId,
      deviceId: args.instanceUuid,
      deviceOwner: args.deviceOwner ?? 'compute:nova',
      bindingHostId: args.hostId,
      fixedIps: args.fixedIp !== undefined ? [{ ipAddress: args.fixedIp }] : undefined,
      securityGroups: network?.port_security_enabled === 0 ? undefined : args.securityGroups,
    },
    at,
  );
}

/**
 * Binds a port to an instance (and host). Conditional UPDATE: succeeds only when the port is free
 * or already bound to the same device, so two concurrent binds of one port cannot both win.
 */
export async function bindPort(
  trx: DbOrTrx,
  portId: string,
  args: { deviceId: string; hostId?: string; deviceOwner?: string },
  at: string,
): Promise<Port> {
  const hostId = args.hostId ?? '';
  const now = at;
  const r = await trx
    .updateTable('ports')
    .set({
      device_id: args.deviceId,
      device_owner: args.deviceOwner ?? 'compute:nova',
      binding_host_id: hostId,
      binding_vif_type: vifType(hostId),
      status: (eb) =>
        eb
          .case()
          .when('admin_state_up', '=', 1)
          .then(hostId !== '' ? 'ACTIVE' : 'DOWN')
          .else('DOWN')
          .end(),
      updated_at: now,
      revision_number: (eb) => eb('revision_number', '+', 1),
    })
    .where('id', '=', portId)
    .where((eb) => eb.or([eb('device_id', '=', ''), eb('device_id', '=', args.deviceId)]))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    const existing = await repo.findPort(trx, portId);
    if (!existing) throw portNotFound(portId);
    throw portInUse(portId, existing.network_id, existing.device_id);
  }
  return (await getPort(trx, portId))!;
}

/**
 * The port of `deviceId` follows its instance to another host (Nova's migrate_instance_finish:
 * binding:host_id updated); a port meanwhile detached from that device is left alone.
 */
export async function moveBinding(
  trx: DbOrTrx,
  portId: string,
  deviceId: string,
  hostId: string,
  at: string,
): Promise<void> {
  await trx
    .updateTable('ports')
    .set({ binding_host_id: hostId, updated_at: at, revision_number: (eb) => eb('revision_number', '+', 1) })
    .where('id', '=', portId)
    .where('device_id', '=', deviceId)
    .where('binding_host_id', '!=', '')
    .where('binding_host_id', '!=', hostId)
    .execute();
}

/**
 * Shelve-offload and unshelve: the instance's port is unbound (hostId '') or bound to the host
 * the instance now runs on, whatever its binding was; only while the instance still holds it.
 */
export async function setBindingHost(
  trx: DbOrTrx,
  portId: string,
  deviceId: string,
  hostId: string,
  at: string,
): Promise<void> {
  await trx
    .updateTable('ports')
    .set({ binding_host_id: hostId, updated_at: at, revision_number: (eb) => eb('revision_number', '+', 1) })
    .where('id', '=', portId)
    .where('device_id', '=', deviceId)
    .where('binding_host_id', '!=', hostId)
    .execute();
}

/** Detaches a port from whatever device holds it; keeps the port and its addresses. */
export async function unbindPort(trx: DbOrTrx, portId: string, at: string): Promise<Port> {
  const r = await trx
    .updateTable('ports')
    .set({
      device_id: '',
      device_owner: '',
      binding_host_id: '',
      binding_vif_type: 'unbound',
      status: 'DOWN',
      updated_at: at,
      revision_number: (eb) => eb('revision_number', '+', 1),
    })
    .where('id', '=', portId)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw portNotFound(portId);
  return (await getPort(trx, portId))!;
}

/** Deletes a port and releases its addresses; PortNotFound when it is already gone. */
export async function deletePort(trx: DbOrTrx, portId: string): Promise<void> {
  if (!(await repo.deletePort(trx, portId))) throw portNotFound(portId);
}

/** Replaces a port's addresses (port update with fixed_ips). */
export async function replaceFixedIps(trx: Trx, port: PortRow, requests: FixedIpRequest[]): Promise<FixedIp[]> {
  const current = await repo.allocationsOfPorts(trx, [port.id]);
  await repo.releaseIps(trx, port.id);
  // addresses the port keeps must not be lost to a concurrent claimer: re-claim them first
  const keep = requests.filter(
    (r) => r.ipAddress !== undefined && current.some((c) => c.ip_address === canonicalIp(r.ipAddress!)),
  );
  const rest = requests.filter((r) => !keep.includes(r));
  return allocateFixedIps(trx, port, [...keep, ...rest]);
}

type PortKey = Pick<PortRow, 'id' | 'network_id' | 'mac_address'>;

async function allocateFixedIps(trx: Trx, port: PortKey, requests: FixedIpRequest[] | undefined): Promise<FixedIp[]> {
  const networkId = port.network_id;
  const subnets = await repo.listSubnets(trx, { networkIds: [networkId] });
  const out: FixedIp[] = [];
  if (requests === undefined) {
    // one address per IP version from the first pool-managed subnet with room, plus the
    // EUI-64 address on every SLAAC/stateless subnet (neutron/db/ipam_pluggable_backend.py)
    const auto = (s: SubnetRow) => s.ip_version === 6 && isAutoAddressMode(s.ipv6_address_mode);
    for (const version of [4, 6]) {
      const candidates = subnets.filter((s) => s.ip_version === version && !auto(s));
      if (candidates.length === 0) continue;
      let got: FixedIp | null = null;
      for (const s of candidates) {
        got = await allocateAny(trx, s, port);
        if (got) break;
      }
      if (!got) throw ipGenerationFailure(networkId);
      out.push(got);
    }
    for (const s of subnets.filter(auto)) {
      const got = await allocateAny(trx, s, port);
      if (got) out.push(got);
    }
    return out;
  }
  for (const req of requests) {
    let subnet: SubnetRow | undefined;
    if (req.subnetId !== undefined) {
      subnet = subnets.find((s) => s.id === req.subnetId);
      if (!subnet) {
        if (!(await repo.findSubnet(trx, req.subnetId))) throw subnetNotFound(req.subnetId);
        throw invalidInput(
          `Failed to create port on network ${networkId}, because fixed_ips included invalid subnet ${req.subnetId}`,
        );
      }
    }
    if (req.ipAddress === undefined) {
      if (!subnet) throw invalidInput('IP allocation requires subnet_id or ip_address');
      const got = await allocateAny(trx, subnet, port);
      if (!got) throw ipGenerationFailure(networkId);
      out.push(got);
      continue;
    }
    const ip = canonicalIp(req.ipAddress);
    if (!ip) throw invalidInput(`'${req.ipAddress}' is not a valid IP address`);
    if (subnet) {
      if (!validHost(subnet, ip)) throw invalidIpForSubnet(ip);
      if (subnet.ip_version === 6 && isAutoAddressMode(subnet.ipv6_address_mode))
        throw allocationOnAutoAddressSubnet(ip, subnet.id);
    } else {
      subnet = subnets.find((s) => validHost(s, ip));
      if (!subnet) throw invalidIpForNetwork(ip);
    }
    if (
      !(await repo.tryAllocateIp(trx, {
        network_id: networkId,
        subnet_id: subnet.id,
        ip_address: ip,
        port_id: port.id,
      }))
    ) {
      throw ipAlreadyAllocated(ip, subnet.id);
    }
    out.push({ subnet_id: subnet.id, ip_address: ip });
  }
  return out;
}

const validHost = (subnet: SubnetRow, ip: string): boolean => {
  const cidr = parseCidr(subnet.cidr);
  return !!cidr && isValidHostIp(cidr, ip);
};

/**
 * The first free pool address: read the subnet's allocations, walk the pools past them, claim the
 * candidate; when a concurrent transaction took it first, re-read and continue after it.
 */
async function allocateAny(trx: Trx, subnet: SubnetRow, port: PortKey): Promise<FixedIp | null> {
  const portId = port.id;
  if (subnet.ip_version === 6 && isAutoAddressMode(subnet.ipv6_address_mode)) {
    const cidr = parseCidr(subnet.cidr);
    const ip = cidr ? eui64Address(cidr, port.mac_address) : null;
    if (!ip) return null;
    if (
      !(await repo.tryAllocateIp(trx, {
        network_id: subnet.network_id,
        subnet_id: subnet.id,
        ip_address: ip,
        port_id: portId,
      }))
    ) {
      throw ipAlreadyAllocated(ip, subnet.id);
    }
    return { subnet_id: subnet.id, ip_address: ip };
  }
  const pools = JSON.parse(subnet.allocation_pools) as AllocationPool[];
  let allocated = await repo.allocatedIps(trx, subnet.id);
  let after: string | undefined;
  for (;;) {
    const ip = firstFreeIp(pools, allocated, after);
    if (!ip) return null;
    if (
      await repo.tryAllocateIp(trx, {
        network_id: subnet.network_id,
        subnet_id: subnet.id,
        ip_address: ip,
        port_id: portId,
      })
    ) {
      return { subnet_id: subnet.id, ip_address: ip };
    }
    after = ip;
    allocated = await repo.allocatedIps(trx, subnet.id);
  }
}

/** Filters of GET /ports. */
export interface PortQuery {
  ids?: string[];
  names?: string[];
  networkIds?: string[];
  deviceIds?: string[];
  deviceOwners?: string[];
  macAddresses?: string[];
  statuses?: string[];
  bindingHostIds?: string[];
  securityGroupIds?: string[];
  projectIds?: string[];
  ipAddresses?: string[];
  ipSubstrings?: string[];
  subnetIds?: string[];
}

/** The ports the caller may see (its own and those on its networks; all for admin), with their addresses. */
export async function listPortsFor(rt: Runtime, ctx: RequestContext, q: PortQuery): Promise<Port[]> {
  const db = rt.store.db;
  return withFixedIps(
    db,
    await repo.listPorts(db, { ...q, visibleTo: ctx.isAdmin ? undefined : (ctx.projectId ?? '') }),
  );
}

/** A port with the network it is on (the policy target of port rules). */
export interface PortOnNetwork {
  port: Port;
  network: NetworkRow | undefined;
}

/** Neutron's get_port visibility: admin, the port's project, or the owner of its network; else PortNotFound. */
export async function showPort(rt: Runtime, ctx: RequestContext, id: string): Promise<PortOnNetwork> {
  const db = rt.store.db;
  const port = await getPort(db, id);
  const network = port ? await repo.findNetwork(db, port.network_id) : undefined;
  if (
    !port ||
    !(
      ctx.isAdmin ||
      port.project_id === ctx.projectId ||
      (network !== undefined && network.project_id === ctx.projectId)
    )
  ) {
    throw portNotFound(id);
  }
  return { port, network };
}

/** POST /ports: the port and its addresses in one transaction, retried when a concurrent claim wins. */
/** Neutron's bulk create: every port or none, in one transaction (each project's quota counted). */
export async function createPortsFor(rt: Runtime, specs: PortSpec[]): Promise<Port[]> {
  const store = rt.store;
  const created = await retryOnConflict(store.adapter, () =>
    store.transaction(async (trx) => {
      const at = rt.clock().toISOString();
      for (const [projectId, n] of countByProject(specs)) await enforceNetworkQuota(rt, trx, projectId, { port: n });
      const out: Port[] = [];
      for (const spec of specs) out.push(await createPort(trx, spec, at));
      return out;
    }),
  );
  // port_create_end schedules the network, unless the port is a DHCP port kept in reserve
  const networks = created.filter((p) => p.device_id !== RESERVED_DHCP_PORT).map((p) => p.network_id);
  for (const networkId of new Set(networks)) await scheduleNetwork(rt, networkId);
  return created;
}

/** neutron_lib constants.DEVICE_ID_RESERVED_DHCP_PORT */
const RESERVED_DHCP_PORT = 'reserved_dhcp_port';

/** The attributes PUT /ports/{id} may change; undefined leaves one as it is. */
export interface PortChanges {
  name?: string;
  description?: string;
  deviceId?: string;
  deviceOwner?: string;
  adminStateUp?: boolean;
  /** '' unbinds */
  bindingHostId?: string;
  bindingVnicType?: string;
  bindingProfile?: Record<string, unknown>;
  securityGroups?: string[];
  portSecurityEnabled?: boolean;
  macAddress?: string;
  fixedIps?: FixedIpRequest[];
  allowedAddressPairs?: AddressPair[];
  /** merged into the port's options (null value: removed) */
  extraDhcpOpts?: DhcpOptionRequest[];
}

function portPatch(c: PortChanges, now: string): Partial<PortRow> {
  const patch: Partial<PortRow> = { updated_at: now };
  if (c.name !== undefined) patch.name = c.name;
  if (c.description !== undefined) patch.description = c.description;
  if (c.deviceId !== undefined) patch.device_id = c.deviceId;
  if (c.deviceOwner !== undefined) patch.device_owner = c.deviceOwner;
  if (c.adminStateUp !== undefined) patch.admin_state_up = c.adminStateUp ? 1 : 0;
  if (c.bindingHostId !== undefined) {
    patch.binding_host_id = c.bindingHostId;
    patch.binding_vif_type = vifType(c.bindingHostId);
  }
  if (c.bindingVnicType !== undefined) patch.binding_vnic_type = c.bindingVnicType;
  if (c.bindingProfile !== undefined) patch.binding_profile = JSON.stringify(c.bindingProfile);
  if (c.securityGroups !== undefined) patch.security_groups = JSON.stringify(c.securityGroups);
  if (c.portSecurityEnabled !== undefined) patch.port_security_enabled = c.portSecurityEnabled ? 1 : 0;
  if (c.macAddress !== undefined) patch.mac_address = c.macAddress.toLowerCase();
  return patch;
}

/** allowed_address_pairs of an update: a pair without a MAC takes the port's (its new one, if it changes) */
function pairsPatch(p: PortRow, c: PortChanges, patch: Partial<PortRow>): void {
  if (c.allowedAddressPairs !== undefined)
    patch.allowed_address_pairs = pairsJson(c.allowedAddressPairs, patch.mac_address ?? p.mac_address);
}

/** PUT /ports/{id}: the row, its security groups and its addresses change in one transaction. */
/** PUT /ports/{id}; `ifMatch`: the revision the caller expects (If-Match header), decided by the UPDATE */
export async function updatePortFor(rt: Runtime, p: Port, c: PortChanges, ifMatch?: number): Promise<Port> {
  const store = rt.store;
  const now = rt.clock().toISOString();
  const patch = portPatch(c, now);
  patch.status = portStatus({ ...p, ...patch });
  // port security off leaves no room for address pairs, then for groups, checked in that order
  // (ml2 _portsec_ext_port_update_processing)
  const portSecurity = c.portSecurityEnabled ?? p.port_security_enabled === 1;
  pairsPatch(p, c, patch);
  const pairsAfter = c.allowedAddressPairs ?? (JSON.parse(p.allowed_address_pairs) as AddressPair[]);
  if (!portSecurity && pairsAfter.length > 0) throw addressPairAndPortSecurityRequired();
  const groupsAfter = c.securityGroups ?? (JSON.parse(p.security_groups) as string[]);
  if (!portSecurity && groupsAfter.length > 0) {
    if (c.securityGroups !== undefined) throw portSecurityAndIpRequiredForSecurityGroups();
    throw portSecurityPortHasSecurityGroup();
  }
  // a group deleted meanwhile fails the binding's foreign key: the retry answers its 404
  await retryOnConflict(store.adapter, () =>
    store.transaction(async (trx) => {
      if (c.securityGroups) {
        const groups = await checkSecurityGroups(trx, p.project_id, c.securityGroups, now);
        patch.security_groups = JSON.stringify(groups);
        await bindPortGroups(trx, p.id, groups);
      }
      let changed: boolean;
      try {
        changed = await repo.updatePort(trx, p.id, patch, ifMatch);
      } catch (err) {
        // UNIQUE(network_id, mac_address) decides, also against a concurrent update
        if (store.adapter.isUniqueViolation(err)) throw macInUse(p.network_id, patch.mac_address ?? p.mac_address);
        throw err;
      }
      if (!changed) {
        const current = await repo.findPort(trx, p.id);
        if (!current) throw portNotFound(p.id);
        throw revisionNumberConstraintFailed(ifMatch ?? 0, current.revision_number);
      }
      if (c.extraDhcpOpts) await applyDhcpOptions(trx, p.id, c.extraDhcpOpts);
      if (c.fixedIps) {
        const kept = await replaceFixedIps(trx, { ...p, ...patch }, c.fixedIps);
        // a floating IP whose fixed address went away is disassociated (l3_db _update_fip_assoc)
        await repo.disassociateLostFloatingIps(
          trx,
          p.id,
          kept.map((f) => f.ip_address),
          now,
        );
      }
    }),
  );
  const updated = await getPort(store.db, p.id);
  if (!updated) throw portNotFound(p.id);
  return updated;
}

/** DELETE /ports/{id}; a port a server uses tells compute (neutron/notifiers/nova.py network-vif-deleted). */
export async function deletePortFor(rt: Runtime, p: Port): Promise<void> {
  // l3_db prevent_l3_port_deletion: routers' and floating IPs' ports go through their own API
  if (['network:router_gateway', 'network:router_interface', 'network:floatingip'].includes(p.device_owner))
    throw servicePortInUse(p.id, p.device_owner);
  await deletePort(rt.store.db, p.id);
  if (p.device_owner.startsWith('compute:') && p.device_id !== '') {
    await announceVifsDeleted(rt, p.device_id, [p.id]).catch((e: unknown) =>
      rt.log.warn({ err: e, port: p.id }, 'network-vif-deleted not sent'),
    );
  }
}
