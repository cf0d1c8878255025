/** /v2.0/ports with fixed IPs, binding (binding extension), security groups and port security. */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import * as repo from '../../store/repositories/network-repository.js';
import { getVisibleNetwork } from '../../services/network/network-service.js';
import { createPort, deletePort, getPort, portStatus, replaceFixedIps, withFixedIps, type FixedIpRequest, type Port } from '../../services/network/port-service.js';
import { neutronPolicy, portNotFound, macInUse } from '../../domain/ports/network-errors.js';
import { retryOnConflict } from '../../services/network/retry.js';
import { httpBadRequest, optBool, optString, projectFilter, queryValues, requireAdminFor, resourceBody, selectFields } from './request.js';
import { portView } from './views/ports.js';
import { listBody } from './paging.js';
import { networkRoot } from './extensions.js';
import { checkSecurityGroups } from '../../services/network/security-group-service.js';
import { announceVifsDeleted } from '../../services/network/port-events.js';

const UPDATE_ATTRS = ['name', 'description', 'admin_state_up', 'fixed_ips', 'device_id', 'device_owner', 'binding:host_id',
  'binding:vnic_type', 'binding:profile', 'security_groups', 'port_security_enabled', 'mac_address'] as const;
const CREATE_ATTRS = [...UPDATE_ATTRS, 'network_id', 'tenant_id', 'project_id'] as const;
const VNIC_TYPES = ['normal', 'direct', 'macvtap', 'baremetal', 'direct-physical', 'virtio-forwarder', 'smart-nic', 'remote-managed'];
const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i;

function fixedIps(v: unknown): FixedIpRequest[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw httpBadRequest(`Invalid input for fixed_ips. Reason: Invalid data format for fixed IP: '${JSON.stringify(v)}'.`);
  return v.map((f: unknown) => {
    const o = f as Record<string, unknown> | null;
    const keys = o && typeof o === 'object' ? Object.keys(o) : [];
    if (!o || keys.length === 0 || keys.some((k) => k !== 'subnet_id' && k !== 'ip_address')
      || (o.subnet_id !== undefined && typeof o.subnet_id !== 'string') || (o.ip_address !== undefined && typeof o.ip_address !== 'string')) {
      throw httpBadRequest(`Invalid input for fixed_ips. Reason: Invalid data format for fixed IP: '${JSON.stringify(f)}'.`);
    }
    return { subnetId: o.subnet_id as string | undefined, ipAddress: o.ip_address as string | undefined };
  });
}

function stringList(v: unknown, key: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw httpBadRequest(`Invalid input for ${key}. Reason: '${JSON.stringify(v)}' is not a list.`);
  return v as string[];
}

function vnic(b: Record<string, unknown>): string | undefined {
  const v = b['binding:vnic_type'];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !VNIC_TYPES.includes(v)) {
    throw httpBadRequest(`Invalid input for binding:vnic_type. Reason: '${String(v)}' is not in ${JSON.stringify(VNIC_TYPES)}.`);
  }
  return v;
}

function profile(b: Record<string, unknown>): Record<string, unknown> | undefined {
  const v = b['binding:profile'];
  if (v === undefined || v === null) return v === null ? {} : undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw httpBadRequest(`Invalid input for binding:profile. Reason: '${JSON.stringify(v)}' is not a dictionary.`);
  return v as Record<string, unknown>;
}

/** fixed_ips=ip_address=X and fixed_ips=subnet_id=Y filters (Neutron's port list). */
function fixedIpFilters(request: FastifyRequest): { ipAddresses?: string[]; subnetIds?: string[] } {
  const raw = queryValues(request, 'fixed_ips');
  if (!raw) return {};
  const ips: string[] = [];
  const subnets: string[] = [];
  for (const r of raw) {
    const [k, ...rest] = r.split('=');
    const v = rest.join('=');
    if (k === 'ip_address') ips.push(v);
    else if (k === 'subnet_id') subnets.push(v);
    else if (k === 'ip_address_substr') ips.push(v);
    else throw httpBadRequest(`Invalid input for fixed_ips. Reason: '${r}' is not a valid fixed_ips filter.`);
  }
  return { ipAddresses: ips.length ? ips : undefined, subnetIds: subnets.length ? subnets : undefined };
}

export function portRoutes(rt: Runtime): RouteDef[] {
  const store = rt.store;
  const db = store.db;
  // Neutron's get_port: admin, the port's project, or the owner of the port's network
  const canSee = async (request: FastifyRequest, p: { project_id: string; network_id: string }) =>
    request.ctx.isAdmin || p.project_id === request.ctx.projectId || (await repo.findNetwork(db, p.network_id))?.project_id === request.ctx.projectId;
  const fullView = (request: FastifyRequest, p: Port) => portView(p, request.ctx.isAdmin || request.ctx.isService);
  const view = (request: FastifyRequest, p: Port) => selectFields(request, fullView(request, p));
  const load = async (request: FastifyRequest): Promise<Port> => {
    const id = (request.params as { portId: string }).portId;
    const p = await getPort(db, id);
    if (!p || !(await canSee(request, p))) throw portNotFound(id);
    return p;
  };
  return [
    {
      method: 'GET', url: '/ports', policy: 'get_port',
      handler: async (request) => {
        const rows = await repo.listPorts(db, {
          ids: queryValues(request, 'id'), names: queryValues(request, 'name'), networkIds: queryValues(request, 'network_id'),
          deviceIds: queryValues(request, 'device_id'), deviceOwners: queryValues(request, 'device_owner'),
          macAddresses: queryValues(request, 'mac_address')?.map((m) => m.toLowerCase()), statuses: queryValues(request, 'status'),
          bindingHostIds: queryValues(request, 'binding:host_id'),
          projectIds: projectFilter(request), visibleTo: request.ctx.isAdmin ? undefined : request.ctx.projectId ?? '',
          ...fixedIpFilters(request),
        });
        const views = (await withFixedIps(db, rows)).map((p) => fullView(request, p));
        return listBody(request, 'ports', `${networkRoot(rt, request)}/v2.0/ports`, views, portNotFound);
      },
    },
    { method: 'GET', url: '/ports/:portId', policy: 'get_port', handler: async (request) => ({ port: view(request, await load(request)) }) },
    {
      method: 'POST', url: '/ports', policy: 'create_port',
      handler: async (request, reply) => {
        const b = resourceBody(request, 'port', CREATE_ATTRS);
        if (typeof b.network_id !== 'string') throw httpBadRequest("Failed to parse request. Required attribute 'network_id' not specified");
        requireAdminFor(request, 'create_port', b, ['binding:host_id', 'binding:profile', 'mac_address']);
        const network = await getVisibleNetwork(db, request.ctx, b.network_id);
        if (!request.ctx.isAdmin && !request.ctx.isService && network.project_id !== request.ctx.projectId && network.shared !== 1) {
          // an external network the caller does not own: only admins plug ports into it
          throw neutronPolicy('create_port');
        }
        const mac = optString(b, 'mac_address');
        if (mac !== undefined && !MAC.test(mac)) throw httpBadRequest(`Invalid input for mac_address. Reason: '${mac}' is not a valid MAC address.`);
        const owner = optString(b, 'project_id') ?? optString(b, 'tenant_id');
        if (owner !== undefined && owner !== request.ctx.projectId && !request.ctx.isAdmin) throw neutronPolicy('create_port');
        const port = await retryOnConflict(store.adapter, () => store.transaction((trx) => createPort(trx, {
          networkId: network.id, projectId: owner ?? request.ctx.projectId ?? '', name: optString(b, 'name'), description: optString(b, 'description'),
          macAddress: mac, fixedIps: fixedIps(b.fixed_ips), deviceId: optString(b, 'device_id'), deviceOwner: optString(b, 'device_owner'),
          bindingHostId: optString(b, 'binding:host_id'), bindingVnicType: vnic(b), bindingProfile: profile(b),
          securityGroups: stringList(b.security_groups, 'security_groups'), portSecurityEnabled: optBool(b, 'port_security_enabled'),
          adminStateUp: optBool(b, 'admin_state_up'),
        })));
        reply.code(201);
        return { port: view(request, port) };
      },
    },
    {
      method: 'PUT', url: '/ports/:portId', policy: 'update_port',
      handler: async (request) => {
        const p = await load(request);
        const b = resourceBody(request, 'port', UPDATE_ATTRS);
        requireAdminFor(request, 'update_port', b, ['binding:host_id', 'binding:profile', 'mac_address']);
        const patch: Partial<repo.PortRow> = { updated_at: new Date().toISOString() };
        const set = <K extends keyof repo.PortRow>(k: K, v: repo.PortRow[K] | undefined) => { if (v !== undefined) patch[k] = v; };
        set('name', optString(b, 'name'));
        set('description', optString(b, 'description'));
        set('device_id', optString(b, 'device_id'));
        set('device_owner', optString(b, 'device_owner'));
        const up = optBool(b, 'admin_state_up'); set('admin_state_up', up === undefined ? undefined : up ? 1 : 0);
        const host = optString(b, 'binding:host_id');
        if (host !== undefined) { patch.binding_host_id = host; patch.binding_vif_type = host === '' ? 'unbound' : 'ovs'; }
        set('binding_vnic_type', vnic(b));
        const prof = profile(b); set('binding_profile', prof === undefined ? undefined : JSON.stringify(prof));
        const sgs = stringList(b.security_groups, 'security_groups'); set('security_groups', sgs === undefined ? undefined : JSON.stringify(sgs));
        const ps = optBool(b, 'port_security_enabled'); set('port_security_enabled', ps === undefined ? undefined : ps ? 1 : 0);
        const mac = optString(b, 'mac_address');
        if (mac !== undefined) {
          if (!MAC.test(mac)) throw httpBadRequest(`Invalid input for mac_address. Reason: '${mac}' is not a valid MAC address.`);
          patch.mac_address = mac.toLowerCase();
        }
        const merged = { ...p, ...patch };
        patch.status = portStatus(merged);
        const requested = fixedIps(b.fixed_ips);
        await store.transaction(async (trx) => {
          try {
            await repo.updatePort(trx, p.id, patch);
          } catch (err) {
            // UNIQUE(network_id, mac_address) decides, also against a concurrent update
            if (store.adapter.isUniqueViolation(err)) throw macInUse(p.network_id, patch.mac_address ?? p.mac_address);
            throw err;
          }
          if (sgs) await checkSecurityGroups(trx, p.project_id, sgs);
          if (requested) await replaceFixedIps(trx, { ...p, ...patch }, requested);
        });
        return { port: view(request, (await getPort(db, p.id))!) };
      },
    },
    {
      method: 'DELETE', url: '/ports/:portId', policy: 'delete_port',
      handler: async (request, reply) => {
        const p = await load(request);
        await deletePort(db, p.id);
        // neutron/notifiers/nova.py: deleting a port a server uses tells compute (network-vif-deleted)
        if (p.device_owner.startsWith('compute:') && p.device_id !== '') {
          await announceVifsDeleted(rt, p.device_id, [p.id]).catch((e: unknown) => rt.log.warn({ err: e, port: p.id }, 'network-vif-deleted not sent'));
        }
        return reply.code(204).send();
      },
    },
  ];
}
