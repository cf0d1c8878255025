/**
 * Routers and floating IPs (neutron/db/l3_db.py, l3_gwmode_db.py, extraroute_db.py, Zed).
 *
 * A router's gateway and interfaces are ports made through the port service (so their addresses
 * come from the same IPAM): device_owner network:router_gateway on the external network,
 * network:router_interface on a subnet (taking the subnet's gateway_ip). A floating IP's address
 * is a port network:floatingip on the external network. The database decides the races:
 * PRIMARY KEY(router_id, subnet_id) for interfaces, ip_allocations' key for addresses, and
 * UNIQUE(floating_network_id, fixed_port_id, fixed_ip_address) for associations.
 */
import type { DbOrTrx, Trx } from '../../store/database.js';
import { hostingZones } from '../../store/repositories/agent-binding-repository.js';
import { validateAvailabilityZoneHints } from './agent-service.js';
import { scheduleRouter } from './agent-scheduling-service.js';
import * as repo from '../../store/repositories/network-repository.js';
import * as l3 from '../../store/repositories/l3-repository.js';
import type { FloatingIpRow, RouterInterfaceRow, RouterRow } from '../../store/repositories/l3-repository.js';
import {
  badResourceRequest,
  externalGatewayForFloatingIpNotFound,
  floatingIpNotFound,
  floatingIpPortAlreadyAssociated,
  ipAlreadyAllocated,
  networkNotFound,
  portInUse,
  portNotFound,
  revisionNumberConstraintFailed,
  routerGatewayInUseByFloatingIp,
  routerInterfaceInUseByFloatingIp,
  routerInterfaceNotFound,
  routerInterfaceNotFoundForSubnet,
  routerInUse,
  routerNotFound,
  subnetNotFound,
} from '../../domain/ports/network-errors.js';
import { canonicalIp, cidrContains, parseCidr } from '../../domain/ports/ipam.js';
import type { RequestContext } from '../../domain/context.js';
import type { Runtime } from '../../runtime.js';
import { newUuid } from '../../lib/ids.js';
import { pyRepr } from '../../lib/python-repr.js';
import { createPort, getPort, replaceFixedIps, type FixedIp, type FixedIpRequest } from './port-service.js';
import { retryOnConflict } from './retry.js';
import {
  DomainError,
  badRequest as computeBadRequest,
  conflict as computeConflict,
  notFound as computeNotFound,
} from '../../domain/errors.js';
import { enforceNetworkQuota } from './quota-service.js';

export type { FloatingIpRow, RouterRow } from '../../store/repositories/l3-repository.js';

export const ROUTER_GATEWAY = 'network:router_gateway';
export const ROUTER_INTERFACE = 'network:router_interface';
export const FLOATING_IP = 'network:floatingip';
/** ports only the L3 service may delete (l3_db prevent_l3_port_deletion) */
export const L3_DEVICE_OWNERS = [ROUTER_GATEWAY, ROUTER_INTERFACE, FLOATING_IP];

export interface Route {
  destination: string;
  nexthop: string;
}

/** A router as the API shows it: the row with its gateway's addresses. */
/** with its gateway's addresses and the zones of the admin-up L3 agents within its hints */
export type Router = RouterRow & { gatewayIps: FixedIp[]; availabilityZones: string[] };

async function withGateways(db: DbOrTrx, rows: RouterRow[]): Promise<Router[]> {
  const gwPorts = rows.map((r) => r.gw_port_id).filter((x): x is string => x !== null);
  const allocs = await repo.allocationsOfPorts(db, gwPorts);
  const zones = await hostingZones(
    db,
    'l3',
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...r,
    availabilityZones: zones.get(r.id) ?? [],
    gatewayIps: allocs
      .filter((a) => a.port_id === r.gw_port_id)
      .map((a) => ({ subnet_id: a.subnet_id, ip_address: a.ip_address })),
  }));
}

/** neutron_lib InvalidRoutes: the routes as Python prints the list, no final full stop */
const invalidRoutes = (routes: Route[], reason: string) =>
  new DomainError('BAD_REQUEST', 400, `Invalid format for routes: ${pyRepr(routes)}, ${reason}`, {
    type: 'InvalidRoutes',
  });

// ---- routers

export interface RouterQuery {
  ids?: string[];
  names?: string[];
  projectIds?: string[];
}

export async function listRoutersFor(rt: Runtime, ctx: RequestContext, q: RouterQuery): Promise<Router[]> {
  const db = rt.store.db;
  let rows = await l3.listRouters(db, q);
  if (!ctx.isAdmin) rows = rows.filter((r) => r.project_id === ctx.projectId);
  return withGateways(db, rows);
}

/** A router of the caller's project (any for admin), else RouterNotFound. */
export async function showRouter(rt: Runtime, ctx: RequestContext, id: string): Promise<Router> {
  const db = rt.store.db;
  const r = await l3.findRouter(db, id);
  if (!r || (!ctx.isAdmin && r.project_id !== ctx.projectId)) throw routerNotFound(id);
  return (await withGateways(db, [r]))[0]!;
}

async function reload(db: DbOrTrx, id: string): Promise<Router> {
  const r = await l3.findRouter(db, id);
  if (!r) throw routerNotFound(id);
  return (await withGateways(db, [r]))[0]!;
}

export interface GatewaySpec {
  networkId: string;
  enableSnat?: boolean;
  fixedIps?: FixedIpRequest[];
}

export interface RouterSpec {
  projectId: string;
  name?: string;
  description?: string;
  adminStateUp?: boolean;
  /** undefined/null: no gateway */
  gateway?: GatewaySpec | null;
  distributed?: boolean;
  ha?: boolean;
  /** router_availability_zone: names from GET /availability_zones */
  availabilityZoneHints?: string[];
}

/** The gateway's port on the external network (l3_db _create_gw_port). */
async function createGateway(trx: Trx, router: RouterRow, gw: GatewaySpec, at: string): Promise<void> {
  const network = await repo.findNetwork(trx, gw.networkId);
  if (!network) throw networkNotFound(gw.networkId);
  if (network.router_external !== 1)
    throw badResourceRequest('router', `Network ${gw.networkId} is not an external network`);
  const subnets = await repo.listSubnets(trx, { networkIds: [network.id] });
  if (subnets.length === 0 && gw.fixedIps === undefined)
    throw badResourceRequest('router', `No subnets defined on network ${network.id}`);
  const port = await createPort(
    trx,
    {
      networkId: network.id,
      projectId: '',
      deviceId: router.id,
      deviceOwner: ROUTER_GATEWAY,
      fixedIps: gw.fixedIps,
      securityGroups: [],
      portSecurityEnabled: false,
    },
    at,
  );
  await l3.updateRouter(trx, router.id, {
    gw_port_id: port.id,
    gw_network_id: network.id,
    enable_snat: gw.enableSnat === false ? 0 : 1,
    updated_at: at,
  });
}

/** Removes the gateway; refused while a floating IP is reached through it. */
async function removeGateway(trx: Trx, router: RouterRow, at: string): Promise<void> {
  if (router.gw_port_id === null) return;
  const fips = await l3.floatingIpsOfRouter(trx, router.id);
  if (fips.some((f) => f.floating_network_id === router.gw_network_id))
    throw routerGatewayInUseByFloatingIp(router.id, router.gw_network_id ?? '');
  await repo.deletePort(trx, router.gw_port_id);
  await l3.updateRouter(trx, router.id, { gw_port_id: null, gw_network_id: null, enable_snat: 1, updated_at: at });
}

/** POST /routers: the router and its gateway port in one transaction. */
export async function createRouterFor(rt: Runtime, spec: RouterSpec): Promise<Router> {
  const store = rt.store;
  await validateAvailabilityZoneHints(rt, 'router', spec.availabilityZoneHints);
  const id = await retryOnConflict(store.adapter, () =>
    store.transaction(async (trx) => {
      const at = rt.clock().toISOString();
      const row: RouterRow = {
        id: newUuid(),
        project_id: spec.projectId,
        name: spec.name ?? '',
        description: spec.description ?? '',
        admin_state_up: spec.adminStateUp === false ? 0 : 1,
        status: 'ACTIVE',
        gw_port_id: null,
        gw_network_id: null,
        enable_snat: 1,
        routes: '[]',
        distributed: (spec.distributed ?? rt.config.routerDistributed) ? 1 : 0,
        ha: spec.ha ? 1 : 0,
        created_at: at,
        updated_at: at,
        revision_number: 0,
        availability_zone_hints: JSON.stringify(spec.availabilityZoneHints ?? []),
      };
      await enforceNetworkQuota(rt, trx, spec.projectId, { router: 1 });
      await l3.insertRouter(trx, row);
      if (spec.gateway) await createGateway(trx, row, spec.gateway, at);
      return row.id;
    }),
  );
  // L3_NAT_db_mixin.create_router notifies (and so schedules) only a router with a gateway
  if (spec.gateway) await scheduleRouter(rt, id);
  return reload(store.db, id);
}

export interface RouterChanges {
  name?: string;
  description?: string;
  adminStateUp?: boolean;
  /** null: remove the gateway */
  gateway?: GatewaySpec | null;
  routes?: Route[];
  distributed?: boolean;
  ha?: boolean;
}

/** extraroute_db _validate_routes: each nexthop on a subnet the router has an interface on. */
async function validateRoutes(db: DbOrTrx, routerId: string, routes: Route[]): Promise<Route[]> {
  const ifaces = await l3.interfacesOfRouters(db, [routerId]);
  const subnets = await repo.listSubnets(db, { ids: ifaces.map((i) => i.subnet_id) });
  const ips = new Set(
    (
      await repo.allocationsOfPorts(
        db,
        ifaces.map((i) => i.port_id),
      )
    ).map((a) => a.ip_address),
  );
  const out: Route[] = [];
  for (const r of routes) {
    const cidr = parseCidr(r.destination);
    const hop = canonicalIp(r.nexthop);
    if (!cidr || !hop) throw invalidRoutes(routes, 'the nexthop is not connected with router');
    if (
      !subnets.some((s) => {
        const c = parseCidr(s.cidr);
        return !!c && cidrContains(c, hop);
      })
    )
      throw invalidRoutes(routes, 'the nexthop is not connected with router');
    if (ips.has(hop)) throw invalidRoutes(routes, 'the nexthop is used by router');
    if (!out.some((x) => x.destination === cidr.text && x.nexthop === hop))
      out.push({ destination: cidr.text, nexthop: hop });
  }
  return out;
}

/**
 * A router changes between centralized and distributed, or HA and not, only while it is down
 * (l3_dvr_db _validate_router_migration with router-admin-state-down-before-update: down before
 * and after the update; l3_hamode_db _validate_migration: down after it).
 */
function checkMigration(now: RouterRow, c: RouterChanges): void {
  const upBefore = now.admin_state_up === 1;
  const upAfter = c.adminStateUp ?? upBefore;
  if (c.distributed !== undefined && c.distributed !== (now.distributed === 1) && (upBefore || upAfter))
    throw badResourceRequest(
      'router',
      "Cannot change the 'distributed' attribute of active routers. Please set router admin_state_up to False prior to upgrade",
    );
  if (c.ha !== undefined && c.ha !== (now.ha === 1) && upAfter)
    throw badResourceRequest(
      'router',
      'Cannot change HA attribute of active routers. Please set router admin_state_up to False prior to upgrade',
    );
}

/** PUT /routers/{id}: attributes, routes and the gateway change in one transaction. */
export async function updateRouterFor(
  rt: Runtime,
  router: RouterRow,
  c: RouterChanges,
  ifMatch?: number,
): Promise<Router> {
  const store = rt.store;
  await retryOnConflict(store.adapter, () =>
    store.transaction(async (trx) => {
      const at = rt.clock().toISOString();
      const now = await l3.findRouter(trx, router.id);
      if (!now) throw routerNotFound(router.id);
      if (ifMatch !== undefined && now.revision_number !== ifMatch)
        throw revisionNumberConstraintFailed(ifMatch, now.revision_number);
      const patch: Partial<RouterRow> = { updated_at: at };
      if (c.name !== undefined) patch.name = c.name;
      if (c.description !== undefined) patch.description = c.description;
      if (c.adminStateUp !== undefined) patch.admin_state_up = c.adminStateUp ? 1 : 0;
      checkMigration(now, c);
      if (c.distributed !== undefined) patch.distributed = c.distributed ? 1 : 0;
      if (c.ha !== undefined) patch.ha = c.ha ? 1 : 0;
      if (c.routes !== undefined) patch.routes = JSON.stringify(await validateRoutes(trx, now.id, c.routes));
      if (c.gateway !== undefined) {
        const gw = c.gateway;
        if (gw === null) await removeGateway(trx, now, at);
        else if (now.gw_network_id !== gw.networkId) {
          await removeGateway(trx, now, at);
          await createGateway(trx, { ...now, gw_port_id: null }, gw, at);
        } else {
          if (gw.enableSnat !== undefined) patch.enable_snat = gw.enableSnat ? 1 : 0;
          if (gw.fixedIps !== undefined && now.gw_port_id !== null) {
            const port = await repo.findPort(trx, now.gw_port_id);
            if (port) await replaceFixedIps(trx, port, gw.fixedIps);
          }
        }
      }
      if (!(await l3.updateRouter(trx, now.id, patch, ifMatch))) {
        throw revisionNumberConstraintFailed(ifMatch ?? 0, now.revision_number);
      }
    }),
  );
  await scheduleRouter(rt, router.id);
  return reload(store.db, router.id);
}

/** DELETE /routers/{id}: RouterInUse while it has interfaces; the gateway port goes with it. */
export async function deleteRouterFor(rt: Runtime, router: RouterRow, ifMatch?: number): Promise<void> {
  const store = rt.store;
  await retryOnConflict(store.adapter, () =>
    store.transaction(async (trx) => {
      const now = await l3.findRouter(trx, router.id);
      if (!now) throw routerNotFound(router.id);
      const attached = await l3.interfacesOfRouters(trx, [now.id]);
      if (attached.length > 0) throw routerInUse(now.id, [...new Set(attached.map((i) => i.port_id))]);
      if (ifMatch !== undefined && now.revision_number !== ifMatch)
        throw revisionNumberConstraintFailed(ifMatch, now.revision_number);
      const gwPort = now.gw_port_id;
      if (gwPort !== null) {
        await l3.updateRouter(trx, now.id, { gw_port_id: null });
        await repo.deletePort(trx, gwPort);
      }
      // an interface added meanwhile fails this on router_interfaces' foreign key: the retry answers 409
      if (!(await l3.deleteRouter(trx, now.id))) throw routerNotFound(now.id);
    }),
  );
}

/** What add/remove_router_interface answer (l3_db _make_router_interface_info). */
export interface RouterInterfaceInfo {
  id: string;
  tenant_id: string;
  port_id: string;
  network_id: string;
  subnet_id: string;
  subnet_ids: string[];
}

function interfaceInfo(router: RouterRow, portId: string, networkId: string, subnetIds: string[]): RouterInterfaceInfo {
  return {
    id: router.id,
    tenant_id: router.project_id,
    port_id: portId,
    network_id: networkId,
    subnet_id: subnetIds[0] ?? '',
    subnet_ids: subnetIds,
  };
}

const alreadyOnSubnet = (subnetId: string) =>
  badResourceRequest('router', `Router already has a port on subnet ${subnetId}`);

/** l3_db _check_for_dup_router_subnets: not the same subnet twice, no overlapping CIDRs. */
async function checkNewSubnets(db: DbOrTrx, routerId: string, subnetIds: string[]): Promise<void> {
  const existing = await l3.interfacesOfRouters(db, [routerId]);
  for (const id of subnetIds) if (existing.some((i) => i.subnet_id === id)) throw alreadyOnSubnet(id);
  const mine = await repo.listSubnets(db, { ids: existing.map((i) => i.subnet_id) });
  const added = await repo.listSubnets(db, { ids: subnetIds });
  for (const s of added) {
    const a = parseCidr(s.cidr);
    for (const o of mine) {
      const b = parseCidr(o.cidr);
      if (!a || !b || a.version !== b.version) continue;
      if (a.first <= b.last && b.first <= a.last) {
        throw badResourceRequest(
          'router',
          `Cidr ${s.cidr} of subnet ${s.id} overlaps with cidr ${o.cidr} of subnet ${o.id}`,
        );
      }
    }
  }
}

/** PUT /routers/{id}/add_router_interface, by subnet (a new port on its gateway_ip) or by port. */
export async function addRouterInterfaceFor(
  rt: Runtime,
  ctx: RequestContext,
  router: RouterRow,
  by: { subnetId?: string; portId?: string },
): Promise<RouterInterfaceInfo> {
  const store = rt.store;
  if (by.subnetId !== undefined && by.portId !== undefined)
    throw badResourceRequest('router', 'Cannot specify both subnet-id and port-id');
  if (by.subnetId === undefined && by.portId === undefined)
    throw badResourceRequest('router', 'Either subnet_id or port_id must be specified');
  const info = await retryOnConflict(store.adapter, () =>
    store.transaction(async (trx) => {
      const at = rt.clock().toISOString();
      if (!(await l3.findRouter(trx, router.id))) throw routerNotFound(router.id);
      if (by.portId !== undefined) {
        const port = await getPort(trx, by.portId);
        if (!port || (!ctx.isAdmin && port.project_id !== ctx.projectId)) throw portNotFound(by.portId);
        if (port.device_id !== '' || port.device_owner !== '')
          throw portInUse(port.id, port.network_id, port.device_id);
        if (port.fixedIps.length === 0)
          throw badResourceRequest('router', `Router port must have at least one fixed IP`);
        const subnetIds = [...new Set(port.fixedIps.map((f) => f.subnet_id))];
        await checkNewSubnets(trx, router.id, subnetIds);
        const r = await trx
          .updateTable('ports')
          .set((eb) => ({
            device_id: router.id,
            device_owner: ROUTER_INTERFACE,
            status: 'ACTIVE',
            updated_at: at,
            revision_number: eb('revision_number', '+', 1),
          }))
          .where('id', '=', port.id)
          .where('device_id', '=', '')
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw portInUse(port.id, port.network_id, port.device_id);
        for (const s of subnetIds) {
          if (!(await l3.insertInterface(trx, { router_id: router.id, subnet_id: s, port_id: port.id })))
            throw alreadyOnSubnet(s);
        }
        return interfaceInfo(router, port.id, port.network_id, subnetIds);
      }
      const subnetId = by.subnetId!;
      const subnet = await repo.findSubnet(trx, subnetId);
      if (!subnet) throw subnetNotFound(subnetId);
      const network = await repo.findNetwork(trx, subnet.network_id);
      // the caller must see the subnet (get_subnet: admin, owner, or a shared network's)
      if (
        !ctx.isAdmin &&
        subnet.project_id !== ctx.projectId &&
        network?.project_id !== ctx.projectId &&
        network?.shared !== 1
      )
        throw subnetNotFound(subnetId);
      if (subnet.gateway_ip === null)
        throw badResourceRequest('router', 'Subnet for router interface must have a gateway IP');
      await checkNewSubnets(trx, router.id, [subnetId]);
      let port;
      try {
        port = await createPort(
          trx,
          {
            networkId: subnet.network_id,
            projectId: router.project_id,
            deviceId: router.id,
            deviceOwner: ROUTER_INTERFACE,
            fixedIps: [{ subnetId, ipAddress: subnet.gateway_ip }],
            securityGroups: [],
            portSecurityEnabled: false,
          },
          at,
        );
      } catch (err) {
        // a concurrent add of the same subnet took the gateway address: answer as the PK would
        const dup = await l3.interfacesOfRouters(trx, [router.id]);
        if (dup.some((i) => i.subnet_id === subnetId)) throw alreadyOnSubnet(subnetId);
        throw err;
      }
      await repo.updatePort(trx, port.id, { status: 'ACTIVE' });
      if (!(await l3.insertInterface(trx, { router_id: router.id, subnet_id: subnetId, port_id: port.id })))
        throw alreadyOnSubnet(subnetId);
      await l3.updateRouter(trx, router.id, { updated_at: at });
      return interfaceInfo(router, port.id, port.network_id, [subnetId]);
    }),
  );
  // notify_router_interface_action: routers_updated, which schedules the router
  await scheduleRouter(rt, router.id);
  return info;
}

/** l3_db _confirm_router_interface_not_in_use: no floating IP reaches a fixed IP of the subnet through it. */
async function checkNotUsedByFloatingIps(db: DbOrTrx, routerId: string, subnetIds: string[]): Promise<void> {
  const fips = await l3.floatingIpsOfRouter(db, routerId);
  if (fips.length === 0) return;
  const subnets = await repo.listSubnets(db, { ids: subnetIds });
  for (const s of subnets) {
    const c = parseCidr(s.cidr);
    if (c && fips.some((f) => f.fixed_ip_address !== null && cidrContains(c, f.fixed_ip_address)))
      throw routerInterfaceInUseByFloatingIp(routerId, s.id);
  }
}

/** PUT /routers/{id}/remove_router_interface, by subnet or by port; the interface port is deleted. */
export async function removeRouterInterfaceFor(
  rt: Runtime,
  router: RouterRow,
  by: { subnetId?: string; portId?: string },
): Promise<RouterInterfaceInfo> {
  const store = rt.store;
  if (by.subnetId === undefined && by.portId === undefined)
    throw badResourceRequest('router', 'Either subnet_id or port_id must be specified');
  return store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    const ifaces = await l3.interfacesOfRouters(trx, [router.id]);
    let chosen: RouterInterfaceRow[];
    if (by.portId !== undefined) {
      chosen = ifaces.filter((i) => i.port_id === by.portId);
      if (chosen.length === 0) throw routerInterfaceNotFound(router.id, by.portId);
      if (by.subnetId !== undefined && !chosen.some((i) => i.subnet_id === by.subnetId))
        throw badResourceRequest('router', `Subnet ${by.subnetId} is not part of port ${by.portId}`);
    } else {
      const one = ifaces.find((i) => i.subnet_id === by.subnetId);
      if (!one) {
        if (!(await repo.findSubnet(trx, by.subnetId!))) throw subnetNotFound(by.subnetId!);
        throw routerInterfaceNotFoundForSubnet(router.id, by.subnetId!);
      }
      chosen = ifaces.filter((i) => i.port_id === one.port_id);
    }
    const portId = chosen[0]!.port_id;
    const subnetIds = chosen.map((i) => i.subnet_id);
    await checkNotUsedByFloatingIps(trx, router.id, subnetIds);
    const port = await repo.findPort(trx, portId);
    await repo.deletePort(trx, portId);
    await l3.updateRouter(trx, router.id, { updated_at: at });
    return interfaceInfo(router, portId, port?.network_id ?? '', subnetIds);
  });
}

// ---- floating IPs

export type FloatingIpQuery = l3.FloatingIpFilter;

export async function listFloatingIpsFor(
  rt: Runtime,
  ctx: RequestContext,
  q: FloatingIpQuery,
): Promise<FloatingIpRow[]> {
  const rows = await l3.listFloatingIps(rt.store.db, q);
  return ctx.isAdmin ? rows : rows.filter((f) => f.project_id === ctx.projectId);
}

export async function showFloatingIp(rt: Runtime, ctx: RequestContext, id: string): Promise<FloatingIpRow> {
  const f = await l3.findFloatingIp(rt.store.db, id);
  if (!f || (!ctx.isAdmin && f.project_id !== ctx.projectId)) throw floatingIpNotFound(id);
  return f;
}

export interface Association {
  portId: string;
  fixedIpAddress?: string;
}

/** l3_db _get_assoc_data: the fixed IP to use and the router that reaches it from the floating network. */
async function associate(
  trx: Trx,
  ctx: RequestContext,
  fip: Pick<FloatingIpRow, 'id' | 'project_id' | 'floating_network_id' | 'floating_ip_address'>,
  a: Association,
  at: string,
): Promise<Partial<FloatingIpRow>> {
  const port = await getPort(trx, a.portId);
  if (!port) throw portNotFound(a.portId);
  if (port.project_id !== fip.project_id && !ctx.isAdmin)
    throw badResourceRequest(
      'floatingip',
      `Cannot process floating IP association with Port ${port.id}, since that port is owned by a different tenant`,
    );
  let fixed: FixedIp | undefined;
  if (a.fixedIpAddress !== undefined) {
    const want = canonicalIp(a.fixedIpAddress);
    fixed = port.fixedIps.find((f) => f.ip_address === want);
    if (!fixed) throw badResourceRequest('floatingip', `Port ${port.id} does not have fixed ip ${a.fixedIpAddress}`);
  } else {
    const v4 = port.fixedIps.filter((f) => !f.ip_address.includes(':'));
    if (v4.length === 0)
      throw badResourceRequest(
        'floatingip',
        `Cannot add floating IP to port ${port.id} that has no fixed IPv4 addresses`,
      );
    if (v4.length > 1)
      throw badResourceRequest(
        'floatingip',
        `Port ${port.id} has multiple fixed IPv4 addresses. Must provide a specific IPv4 address when assigning a floating IP`,
      );
    fixed = v4[0]!;
  }
  if (fixed.ip_address.includes(':'))
    throw badResourceRequest(
      'floatingip',
      `Cannot add floating IP to port ${port.id} that has no fixed IPv4 addresses`,
    );
  // _get_router_for_floatingip: a router with an interface on the subnet and its gateway on the floating network
  const ifaces = await l3.interfacesOnSubnets(trx, [fixed.subnet_id]);
  const routers = await l3.listRouters(trx, { ids: ifaces.map((i) => i.router_id) });
  const router = routers.find((r) => r.gw_network_id === fip.floating_network_id);
  if (!router) throw externalGatewayForFloatingIpNotFound(fip.floating_network_id, fixed.subnet_id, port.id);
  return {
    fixed_port_id: port.id,
    fixed_ip_address: fixed.ip_address,
    router_id: router.id,
    status: 'ACTIVE',
    updated_at: at,
  };
}

const DISASSOCIATED = { fixed_port_id: null, fixed_ip_address: null, router_id: null, status: 'DOWN' } as const;

export interface FloatingIpSpec {
  projectId: string;
  floatingNetworkId: string;
  floatingIpAddress?: string;
  subnetId?: string;
  description?: string;
  association?: Association;
}

/** Runs a write that may associate, turning the association key's violation into Neutron's 409. */
async function guardUnique<T>(
  rt: Runtime,
  fip: () => { address: string; id: string; netId: string },
  a: Association | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (a && rt.store.adapter.isUniqueViolation(err)) {
      const f = fip();
      const other = (await l3.listFloatingIps(rt.store.db, { portIds: [a.portId], floatingNetworkIds: [f.netId] }))[0];
      throw floatingIpPortAlreadyAssociated(
        f.address,
        f.id,
        a.portId,
        other?.fixed_ip_address ?? a.fixedIpAddress ?? '',
        f.netId,
      );
    }
    throw err;
  }
}

/** POST /floatingips: an address of the external network (its port) and, with port_id, the association. */
export async function createFloatingIpFor(
  rt: Runtime,
  ctx: RequestContext,
  spec: FloatingIpSpec,
): Promise<FloatingIpRow> {
  const store = rt.store;
  const db = store.db;
  const network = await repo.findNetwork(db, spec.floatingNetworkId);
  if (!network) throw networkNotFound(spec.floatingNetworkId);
  if (network.router_external !== 1)
    throw badResourceRequest('floatingip', `Network ${network.id} is not a valid external network`);
  const subnets = await repo.listSubnets(db, { networkIds: [network.id] });
  if (spec.subnetId !== undefined && !subnets.some((s) => s.id === spec.subnetId)) {
    if (!(await repo.findSubnet(db, spec.subnetId))) throw subnetNotFound(spec.subnetId);
    throw badResourceRequest('floatingip', `Subnet ${spec.subnetId} is not on network ${network.id}`);
  }
  const v4 = subnets.filter((s) => s.ip_version === 4);
  const fixedIps: FixedIpRequest[] | undefined =
    spec.floatingIpAddress !== undefined
      ? [{ ipAddress: spec.floatingIpAddress, subnetId: spec.subnetId }]
      : spec.subnetId !== undefined
        ? [{ subnetId: spec.subnetId }]
        : v4.length === subnets.length
          ? undefined
          : v4[0]
            ? [{ subnetId: v4[0].id }]
            : undefined;
  if (v4.length === 0 && spec.floatingIpAddress === undefined)
    throw badResourceRequest('floatingip', `No IPv4 subnet is found on external network ${network.id}`);
  const id = newUuid();
  let address = '';
  await guardUnique(
    rt,
    () => ({ address, id, netId: network.id }),
    spec.association,
    () =>
      retryOnConflict(store.adapter, () =>
        store.transaction(async (trx) => {
          const at = rt.clock().toISOString();
          // the quota comes before the address: an over-quota request allocates nothing
          await enforceNetworkQuota(rt, trx, spec.projectId, { floatingip: 1 });
          const port = await createPort(
            trx,
            {
              networkId: network.id,
              projectId: '',
              deviceId: id,
              deviceOwner: FLOATING_IP,
              fixedIps,
              securityGroups: [],
              portSecurityEnabled: false,
            },
            at,
          );
          const ip = port.fixedIps.find((f) => !f.ip_address.includes(':')) ?? port.fixedIps[0];
          if (!ip) throw ipAlreadyAllocated(spec.floatingIpAddress ?? '', spec.subnetId ?? '');
          address = ip.ip_address;
          const row: FloatingIpRow = {
            id,
            project_id: spec.projectId,
            description: spec.description ?? '',
            floating_network_id: network.id,
            floating_ip_address: ip.ip_address,
            floating_port_id: port.id,
            ...DISASSOCIATED,
            created_at: at,
            updated_at: at,
            revision_number: 0,
          };
          if (spec.association) Object.assign(row, await associate(trx, ctx, row, spec.association, at));
          await l3.insertFloatingIp(trx, row);
        }),
      ),
  );
  const out = await l3.findFloatingIp(db, id);
  if (!out) throw floatingIpNotFound(id);
  return out;
}

export interface FloatingIpChanges {
  description?: string;
  /** null: disassociate */
  association?: Association | null;
}

/** PUT /floatingips/{id}: associate (port_id), disassociate (port_id null), description. */
export async function updateFloatingIpFor(
  rt: Runtime,
  ctx: RequestContext,
  fip: FloatingIpRow,
  c: FloatingIpChanges,
  ifMatch?: number,
): Promise<FloatingIpRow> {
  const store = rt.store;
  const a = c.association ?? undefined;
  await guardUnique(
    rt,
    () => ({ address: fip.floating_ip_address, id: fip.id, netId: fip.floating_network_id }),
    a,
    () =>
      store.transaction(async (trx) => {
        const at = rt.clock().toISOString();
        let patch: Partial<FloatingIpRow> = { updated_at: at };
        if (c.description !== undefined) patch.description = c.description;
        if (c.association === null) patch = { ...patch, ...DISASSOCIATED };
        else if (a) patch = { ...patch, ...(await associate(trx, ctx, fip, a, at)) };
        if (!(await l3.updateFloatingIp(trx, fip.id, patch, ifMatch))) {
          const now = await l3.findFloatingIp(trx, fip.id);
          if (!now) throw floatingIpNotFound(fip.id);
          throw revisionNumberConstraintFailed(ifMatch ?? 0, now.revision_number);
        }
      }),
  );
  const out = await l3.findFloatingIp(store.db, fip.id);
  if (!out) throw floatingIpNotFound(fip.id);
  return out;
}

/** DELETE /floatingips/{id}: the row and its port (its address returns to the pool). */
export async function deleteFloatingIpFor(rt: Runtime, fip: FloatingIpRow, ifMatch?: number): Promise<void> {
  await rt.store.transaction(async (trx) => {
    if (!(await l3.deleteFloatingIp(trx, fip.id, ifMatch))) {
      const now = await l3.findFloatingIp(trx, fip.id);
      if (!now) throw floatingIpNotFound(fip.id);
      throw revisionNumberConstraintFailed(ifMatch ?? 0, now.revision_number);
    }
    await repo.deletePort(trx, fip.floating_port_id);
  });
}

/** The floating IPs associated with these ports (Nova's addresses of a server). */
export const floatingIpsOfPorts = (db: DbOrTrx, portIds: string[]) =>
  portIds.length === 0 ? Promise.resolve([]) : l3.listFloatingIps(db, { portIds });

// ---- Nova's addFloatingIp / removeFloatingIp (nova/api/openstack/compute/floating_ips.py, 2.1–2.43)

/** The caller's floating IP with this address, if any (network_api.get_floating_ip_by_address). */
async function floatingIpByAddress(
  rt: Runtime,
  ctx: RequestContext,
  address: string,
): Promise<FloatingIpRow | undefined> {
  const rows = await listFloatingIpsFor(rt, ctx, { floatingIpAddresses: [canonicalIp(address) ?? address] });
  return rows[0];
}

/** addFloatingIp: the instance's fixed address (the given one or its first IPv4) gets the floating IP. */
export async function addServerFloatingIp(
  rt: Runtime,
  ctx: RequestContext,
  serverUuid: string,
  address: string,
  fixedAddress?: string,
): Promise<void> {
  const ports = await repo.listPorts(rt.store.db, { deviceIds: [serverUuid] });
  const allocs = await repo.allocationsOfPorts(
    rt.store.db,
    ports.map((p) => p.id),
  );
  if (allocs.length === 0) throw computeBadRequest('No fixed IPs associated to instance');
  let fixed: (typeof allocs)[number];
  if (fixedAddress !== undefined) {
    const want = canonicalIp(fixedAddress);
    const hit = allocs.find((a) => a.ip_address === want);
    if (!hit) throw computeBadRequest('Specified fixed address not assigned to instance');
    fixed = hit;
  } else {
    const v4 = allocs.find((a) => !a.ip_address.includes(':'));
    if (!v4)
      throw computeBadRequest(
        `Unable to associate floating IP ${address} to any fixed IPs for instance ${serverUuid}. Instance has no fixed IPv4 addresses to associate.`,
      );
    fixed = v4;
  }
  const fip = await floatingIpByAddress(rt, ctx, address);
  if (!fip) throw computeNotFound('floating IP not found');
  try {
    await updateFloatingIpFor(rt, ctx, fip, {
      association: { portId: fixed.port_id, fixedIpAddress: fixed.ip_address },
    });
  } catch (err) {
    if (!(err instanceof DomainError) || err.status >= 500) throw err;
    throw computeBadRequest(
      `Unable to associate floating IP ${address} to fixed IP ${fixed.ip_address} for instance ${serverUuid}. Error: ${err.message}`,
    );
  }
}

/** removeFloatingIp: 409 unless the floating IP is associated with this instance. */
export async function removeServerFloatingIp(
  rt: Runtime,
  ctx: RequestContext,
  serverUuid: string,
  address: string,
): Promise<void> {
  const fip = await floatingIpByAddress(rt, ctx, address);
  if (!fip) throw computeNotFound('floating IP not found');
  const port = fip.fixed_port_id === null ? undefined : await repo.findPort(rt.store.db, fip.fixed_port_id);
  if (!port || port.device_id !== serverUuid)
    throw computeConflict(`Floating IP ${address} is not associated with instance ${serverUuid}.`);
  await updateFloatingIpFor(rt, ctx, fip, { association: null });
}
