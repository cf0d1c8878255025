/** SQL for networks, subnets, ports, IP allocations and security groups (Neutron's data). */
import type { ExpressionBuilder, Insertable, Selectable, Updateable } from 'kysely';
import type { Database, DbOrTrx } from '../database.js';
import { precompiled } from '../precompiled.js';
import type {
  NetworksTable,
  SubnetsTable,
  PortsTable,
  IpAllocationsTable,
  SecurityGroupsTable,
} from '../tables/networks.table.js';

export type NetworkRow = Selectable<NetworksTable>;
export type SubnetRow = Selectable<SubnetsTable>;
export type PortRow = Selectable<PortsTable>;
export type IpAllocationRow = Selectable<IpAllocationsTable>;
export type SecurityGroupRow = Selectable<SecurityGroupsTable>;

export interface NetworkFilter {
  ids?: string[];
  names?: string[];
  /** only networks this project may see: own, shared or external, or an RBAC policy's target; null = all (admin) */
  visibleTo?: string | null;
  /**
   * the project whose view of `shared` the rows carry (Neutron's _is_network_shared): 1 when the
   * network is shared with everyone or an access_as_shared policy targets this project; the
   * `shared` filter compares the same value. Defaults to visibleTo.
   */
  viewer?: string;
  projectIds?: string[];
  shared?: number;
  routerExternal?: number;
  statuses?: string[];
}

/** networks.shared, or an access_as_shared RBAC policy targeting the project (rbac_db_models) */
const sharedWith = (eb: ExpressionBuilder<Database, 'networks'>, project: string) =>
  eb.or([
    eb('networks.shared', '=', 1),
    eb.exists(
      eb
        .selectFrom('network_rbac_policies as r')
        .select('r.id')
        .whereRef('r.object_id', '=', 'networks.id')
        .where('r.action', '=', 'access_as_shared')
        .where('r.target_tenant', '=', project),
    ),
  ]);

export async function listNetworks(db: DbOrTrx, f: NetworkFilter): Promise<NetworkRow[]> {
  const viewer = f.viewer ?? (typeof f.visibleTo === 'string' ? f.visibleTo : undefined);
  let q = db.selectFrom('networks').selectAll('networks');
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : ['']);
  if (f.names) q = q.where('name', 'in', f.names.length ? f.names : ['']);
  if (f.projectIds) q = q.where('project_id', 'in', f.projectIds.length ? f.projectIds : ['']);
  if (f.shared !== undefined) {
    if (viewer === undefined) q = q.where('shared', '=', f.shared);
    else q = q.where((eb) => (f.shared === 1 ? sharedWith(eb, viewer) : eb.not(sharedWith(eb, viewer))));
  }
  if (f.routerExternal !== undefined) q = q.where('router_external', '=', f.routerExternal);
  if (f.statuses) q = q.where('status', 'in', f.statuses.length ? f.statuses : ['']);
  const visible = f.visibleTo;
  if (visible !== undefined && visible !== null) {
    q = q.where((eb) =>
      eb.or([
        eb('project_id', '=', visible),
        eb('shared', '=', 1),
        eb('router_external', '=', 1),
        // any policy targeting the project, either action (Neutron's rbac query hook)
        eb.exists(
          eb
            .selectFrom('network_rbac_policies as v')
            .select('v.id')
            .whereRef('v.object_id', '=', 'networks.id')
            .where('v.target_tenant', '=', visible),
        ),
      ]),
    );
  }
  if (viewer === undefined) return q.orderBy('created_at').orderBy('id').execute();
  const rows = await q
    .select((eb) => eb.case().when(sharedWith(eb, viewer)).then(1).else(0).end().as('shared_for_viewer'))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(({ shared_for_viewer, ...n }) => ({ ...n, shared: Number(shared_for_viewer) }));
}

export const findNetwork = (db: DbOrTrx, id: string) =>
  db.selectFrom('networks').selectAll().where('id', '=', id).executeTakeFirst();
export const insertNetwork = (db: DbOrTrx, row: Insertable<NetworksTable>) =>
  db.insertInto('networks').values(row).execute();
/** a port of the network is bound (binding:vif_type neither unbound nor binding_failed) */
export async function networkHasBoundPorts(db: DbOrTrx, networkId: string): Promise<boolean> {
  const r = await db
    .selectFrom('ports')
    .select('id')
    .where('network_id', '=', networkId)
    .where('binding_vif_type', 'not in', ['unbound', 'binding_failed'])
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}
/** false when no row changed: the network is gone, or its revision is not `expectedRevision` */
export async function updateNetwork(
  db: DbOrTrx,
  id: string,
  patch: Updateable<NetworksTable>,
  expectedRevision?: number,
): Promise<boolean> {
  let q = db
    .updateTable('networks')
    .set(patch)
    .set((eb) => ({ revision_number: eb('revision_number', '+', 1) }))
    .where('id', '=', id);
  if (expectedRevision !== undefined) q = q.where('revision_number', '=', expectedRevision);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Deletes a network and its subnets unless a port remains; false when a port is still there. */
/**
 * Deletes the network and its subnets and policies unless ports are on it; returns the ids of
 * those ports (by id, the order Neutron's query lists them in), empty when the network is gone.
 */
export async function deleteNetworkUnlessInUse(db: DbOrTrx, id: string): Promise<string[]> {
  const ports = await db.selectFrom('ports').select('id').where('network_id', '=', id).orderBy('id').execute();
  if (ports.length > 0) return ports.map((p) => p.id);
  await db.deleteFrom('subnets').where('network_id', '=', id).execute();
  await db.deleteFrom('network_rbac_policies').where('object_id', '=', id).execute();
  await db.deleteFrom('network_segments').where('network_id', '=', id).execute();
  await db.deleteFrom('networks').where('id', '=', id).execute();
  return [];
}

export interface SubnetFilter {
  ids?: string[];
  names?: string[];
  networkIds?: string[];
  ipVersion?: number;
  cidrs?: string[];
  projectIds?: string[];
}

export async function listSubnets(db: DbOrTrx, f: SubnetFilter): Promise<SubnetRow[]> {
  let q = db.selectFrom('subnets').selectAll();
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : ['']);
  if (f.names) q = q.where('name', 'in', f.names.length ? f.names : ['']);
  if (f.networkIds) q = q.where('network_id', 'in', f.networkIds.length ? f.networkIds : ['']);
  if (f.projectIds) q = q.where('project_id', 'in', f.projectIds.length ? f.projectIds : ['']);
  if (f.cidrs) q = q.where('cidr', 'in', f.cidrs.length ? f.cidrs : ['']);
  if (f.ipVersion !== undefined) q = q.where('ip_version', '=', f.ipVersion);
  return q.orderBy('created_at').orderBy('id').execute();
}

export const findSubnet = (db: DbOrTrx, id: string) =>
  db.selectFrom('subnets').selectAll().where('id', '=', id).executeTakeFirst();
export const insertSubnet = (db: DbOrTrx, row: Insertable<SubnetsTable>) =>
  db.insertInto('subnets').values(row).execute();
/** false when no row matched: the subnet is gone or, with `expectedRevision`, has another revision */
export async function updateSubnet(
  db: DbOrTrx,
  id: string,
  patch: Updateable<SubnetsTable>,
  expectedRevision?: number,
): Promise<boolean> {
  let q = db
    .updateTable('subnets')
    .set(patch)
    .set((eb) => ({ revision_number: eb('revision_number', '+', 1) }))
    .where('id', '=', id);
  if (expectedRevision !== undefined) q = q.where('revision_number', '=', expectedRevision);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Deletes a subnet unless an address is still allocated from it; false when one is. */
export async function deleteSubnetIfUnused(db: DbOrTrx, id: string): Promise<boolean> {
  const used = await db
    .selectFrom('ip_allocations')
    .select('port_id')
    .where('subnet_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  if (used) return false;
  await db.deleteFrom('subnets').where('id', '=', id).execute();
  return true;
}

export interface PortFilter {
  ids?: string[];
  names?: string[];
  networkIds?: string[];
  deviceIds?: string[];
  deviceOwners?: string[];
  macAddresses?: string[];
  projectIds?: string[];
  statuses?: string[];
  /** ports holding one of these addresses / an address from one of these subnets */
  ipAddresses?: string[];
  /** fixed_ips=ip_address_substr=: every one is part of an address of the port */
  ipSubstrings?: string[];
  subnetIds?: string[];
  bindingHostIds?: string[];
  /** ports bound to one of these security groups */
  securityGroupIds?: string[];
  /** ports this project may see: its own, and every port on a network it owns */
  visibleTo?: string;
}

export async function listPorts(db: DbOrTrx, f: PortFilter): Promise<PortRow[]> {
  let q = db.selectFrom('ports').selectAll();
  const list = (v: string[]) => (v.length ? v : ['']);
  if (f.ids) q = q.where('id', 'in', list(f.ids));
  if (f.names) q = q.where('name', 'in', list(f.names));
  if (f.networkIds) q = q.where('network_id', 'in', list(f.networkIds));
  if (f.deviceIds) q = q.where('device_id', 'in', list(f.deviceIds));
  if (f.deviceOwners) q = q.where('device_owner', 'in', list(f.deviceOwners));
  if (f.macAddresses) q = q.where('mac_address', 'in', list(f.macAddresses));
  if (f.projectIds) q = q.where('project_id', 'in', list(f.projectIds));
  if (f.statuses) q = q.where('status', 'in', list(f.statuses));
  if (f.bindingHostIds) q = q.where('binding_host_id', 'in', list(f.bindingHostIds));
  const visible = f.visibleTo;
  if (visible !== undefined) {
    q = q.where((eb) =>
      eb.or([
        eb('project_id', '=', visible),
        eb('network_id', 'in', db.selectFrom('networks').select('id').where('project_id', '=', visible)),
      ]),
    );
  }
  if (f.ipAddresses) {
    const ips = list(f.ipAddresses);
    q = q.where('id', 'in', db.selectFrom('ip_allocations').select('port_id').where('ip_address', 'in', ips));
  }
  if (f.securityGroupIds) {
    const groups = list(f.securityGroupIds);
    q = q.where(
      'id',
      'in',
      db.selectFrom('port_security_group_bindings').select('port_id').where('security_group_id', 'in', groups),
    );
  }
  // ip-substring-filtering: each substring must occur in one of the port's addresses
  for (const part of f.ipSubstrings ?? []) {
    q = q.where('id', 'in', db.selectFrom('ip_allocations').select('port_id').where('ip_address', 'like', `%${part}%`));
  }
  if (f.subnetIds) {
    const subs = list(f.subnetIds);
    q = q.where('id', 'in', db.selectFrom('ip_allocations').select('port_id').where('subnet_id', 'in', subs));
  }
  return q.orderBy('created_at').orderBy('id').execute();
}

/**
 * GET /servers/{id}/os-interface in one indexed query: the live server's project (to answer 404
 * and check the policy) with one row per (port, address) of its ports and the tag of each port's
 * virtual interface, instead of the server, then ports, then addresses, then interfaces. Ports come
 * in listPorts' order (created_at, id). A port without an address gives one row with null address
 * columns; a server without (visible) ports gives one row with null port columns; no row: no live
 * server. Precompiled (src/store/precompiled.ts): building the Kysely queries cost more CPU than
 * running them.
 */
export interface ServerInterfaceRow {
  server_project_id: string;
  id: string | null;
  mac_address: string | null;
  network_id: string | null;
  status: string | null;
  device_id: string | null;
  subnet_id: string | null;
  ip_address: string | null;
  tag: string | null;
}

/** projectId: only the ports listPorts' visibleTo shows it (its own, and every port on a network it owns) */
const serverInterfaces = (db: DbOrTrx, serverUuid: string, projectId?: string) =>
  db
    .selectFrom('instances as i')
    .leftJoin('ports as p', (j) => {
      const own = j.onRef('p.device_id', '=', 'i.uuid');
      return projectId === undefined
        ? own
        : own.on((eb) =>
            eb.or([
              eb('p.project_id', '=', projectId),
              eb('p.network_id', 'in', db.selectFrom('networks').select('id').where('project_id', '=', projectId)),
            ]),
          );
    })
    .leftJoin('ip_allocations as a', 'a.port_id', 'p.id')
    // port_id is unique in virtual_interfaces: at most one tag per port
    .leftJoin('virtual_interfaces as v', (j) =>
      j.onRef('v.port_id', '=', 'p.id').onRef('v.instance_uuid', '=', 'i.uuid'),
    )
    .select([
      'i.project_id as server_project_id',
      'p.id',
      'p.mac_address',
      'p.network_id',
      'p.status',
      'p.device_id',
      'a.subnet_id',
      'a.ip_address',
      'v.tag',
    ])
    .where('i.uuid', '=', serverUuid)
    .where('i.deleted', '=', 0)
    .orderBy('p.created_at')
    .orderBy('p.id');

const serverInterfacesAll = precompiled((db, serverUuid: string) => serverInterfaces(db, serverUuid));
const serverInterfacesVisible = precompiled((db, serverUuid: string, projectId: string) =>
  serverInterfaces(db, serverUuid, projectId),
);

/** visibleTo undefined: every port of the server (admin) */
export function interfacesOfServer(db: DbOrTrx, serverUuid: string, visibleTo?: string): Promise<ServerInterfaceRow[]> {
  return visibleTo === undefined
    ? serverInterfacesAll(db, serverUuid)
    : serverInterfacesVisible(db, serverUuid, visibleTo);
}

export const findPort = (db: DbOrTrx, id: string) =>
  db.selectFrom('ports').selectAll().where('id', '=', id).executeTakeFirst();

/** Inserts a port; false (nothing written) when its MAC address is already used on the network. */
export async function insertPort(db: DbOrTrx, row: Insertable<PortsTable>): Promise<boolean> {
  const r = await db
    .insertInto('ports')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** false when no row changed: the port is gone, or its revision is not `expectedRevision` */
export async function updatePort(
  db: DbOrTrx,
  id: string,
  patch: Updateable<PortsTable>,
  expectedRevision?: number,
): Promise<boolean> {
  let q = db
    .updateTable('ports')
    .set(patch)
    .set((eb) => ({ revision_number: eb('revision_number', '+', 1) }))
    .where('id', '=', id);
  if (expectedRevision !== undefined) q = q.where('revision_number', '=', expectedRevision);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Disassociates the port's floating IPs whose fixed address it no longer holds (a fixed_ips update). */
export async function disassociateLostFloatingIps(
  db: DbOrTrx,
  portId: string,
  kept: string[],
  at: string,
): Promise<void> {
  let q = db
    .updateTable('floating_ips')
    .set((eb) => ({
      fixed_port_id: null,
      fixed_ip_address: null,
      router_id: null,
      status: 'DOWN',
      updated_at: at,
      revision_number: eb('revision_number', '+', 1),
    }))
    .where('fixed_port_id', '=', portId);
  if (kept.length > 0) q = q.where('fixed_ip_address', 'not in', kept);
  await q.execute();
}

/** Deletes a port; its addresses go with it, its floating IPs are disassociated, its router interfaces cascade. */
export async function deletePort(db: DbOrTrx, id: string): Promise<boolean> {
  // its floating IPs stay allocated, disassociated (Neutron's disassociate_floatingips)
  await db
    .updateTable('floating_ips')
    .set((eb) => ({
      fixed_port_id: null,
      fixed_ip_address: null,
      router_id: null,
      status: 'DOWN',
      revision_number: eb('revision_number', '+', 1),
    }))
    .where('fixed_port_id', '=', id)
    .execute();
  await db.deleteFrom('ip_allocations').where('port_id', '=', id).execute();
  await db.deleteFrom('port_security_group_bindings').where('port_id', '=', id).execute();
  const r = await db.deleteFrom('ports').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function macInUse(db: DbOrTrx, networkId: string, mac: string): Promise<boolean> {
  return !!(await db
    .selectFrom('ports')
    .select('id')
    .where('network_id', '=', networkId)
    .where('mac_address', '=', mac)
    .executeTakeFirst());
}

/** Every address allocated from one subnet (the input of the free-address walk). */
export async function allocatedIps(db: DbOrTrx, subnetId: string): Promise<string[]> {
  return (await db.selectFrom('ip_allocations').select('ip_address').where('subnet_id', '=', subnetId).execute()).map(
    (r) => r.ip_address,
  );
}

/**
 * Claims one address. The primary key (network_id, ip_address) decides races: ON CONFLICT DO
 * NOTHING waits for a concurrent claimer to commit and then reports 0 rows, without aborting the
 * caller's transaction (a plain unique violation would abort it on PostgreSQL).
 */
export async function tryAllocateIp(db: DbOrTrx, row: IpAllocationRow): Promise<boolean> {
  const r = await db
    .insertInto('ip_allocations')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function allocationsOfPorts(db: DbOrTrx, portIds: string[]): Promise<IpAllocationRow[]> {
  if (portIds.length === 0) return [];
  return db.selectFrom('ip_allocations').selectAll().where('port_id', 'in', portIds).execute();
}

/** Removes every address of a subnet from its ports; the ports' revisions move. */
export async function releaseSubnetIps(db: DbOrTrx, subnetId: string, at: string): Promise<void> {
  const ports = db.selectFrom('ip_allocations').select('port_id').where('subnet_id', '=', subnetId);
  await db
    .updateTable('ports')
    .set((eb) => ({ revision_number: eb('revision_number', '+', 1), updated_at: at }))
    .where('id', 'in', ports)
    .execute();
  await db.deleteFrom('ip_allocations').where('subnet_id', '=', subnetId).execute();
}

export const releaseIps = (db: DbOrTrx, portId: string) =>
  db.deleteFrom('ip_allocations').where('port_id', '=', portId).execute();

export async function listSecurityGroups(
  db: DbOrTrx,
  f: { ids?: string[]; names?: string[]; projectIds?: string[] },
): Promise<SecurityGroupRow[]> {
  let q = db.selectFrom('security_groups').selectAll();
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : ['']);
  if (f.names) q = q.where('name', 'in', f.names.length ? f.names : ['']);
  if (f.projectIds) q = q.where('project_id', 'in', f.projectIds.length ? f.projectIds : ['']);
  return q.orderBy('created_at').orderBy('id').execute();
}
