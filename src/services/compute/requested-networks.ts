/**
 * Server-create checks of the requested networks, before anything is written: the request format
 * rules of nova/api/openstack/compute/servers.py _get_requested_networks, the multi-create rules
 * of nova/compute/api.py (_check_multiple_instances_with_neutron_ports / _with_specified_ip) and
 * nova/network/neutron.py validate_networks (_ports_needed_per_instance), with the statuses the
 * servers controller maps them to. The build then allocates (agent/executors/networking.ts).
 */
import type { DbOrTrx } from '../../store/database.js';
import type { RequestContext } from '../../domain/context.js';
import { badRequest } from '../../domain/errors.js';
import {
  externalNetworkAttachForbidden,
  networkAmbiguousOnCreate,
  novaPortInUse,
} from '../../domain/instances/interface-errors.js';
import { isUuidLike } from '../../lib/ids.js';
import { canonicalIp } from '../../domain/ports/ipam.js';
import * as netRepo from '../../store/repositories/network-repository.js';
import { availableNetworks } from '../network/network-service.js';

/**
 * 'auto' is the 2.37+ keyword (Nova's auto_allocate); 'default' is a request without `networks`
 * before 2.37 (Nova's requested_networks None): both take the one usable network, but only 'auto'
 * insists on getting one.
 */
export type RequestedNetworks =
  'auto' | 'default' | 'none' | Array<{ uuid?: string; port?: string | null; fixed_ip?: string; tag?: string }>;

const launchFailed = (reason: string) => badRequest(`Failed to launch instances: ${reason}`);

/** servers.py _get_requested_networks / _validate_network_id (a "br-" prefixed uuid is still honoured) */
function checkFormat(list: Exclude<RequestedNetworks, string>): void {
  for (const n of list) {
    if (n.port) {
      if (n.fixed_ip !== undefined) {
        throw badRequest(
          `Specified Fixed IP '${n.fixed_ip}' cannot be used with port '${n.port}': the two cannot be specified together.`,
        );
      }
      continue;
    }
    if (n.uuid === undefined) throw badRequest("Bad network format: missing 'uuid'");
    if (!isUuidLike(n.uuid) && !isUuidLike(n.uuid.split('-').slice(1).join('-'))) {
      throw badRequest(`Bad networks format: network uuid is not in proper format (${n.uuid})`);
    }
  }
}

export async function validateRequestedNetworks(
  db: DbOrTrx,
  ctx: RequestContext,
  networks: RequestedNetworks,
  maxCount: number,
): Promise<void> {
  if (networks === 'none') return;
  const projectId = ctx.projectId ?? '';
  if (networks === 'auto' || networks === 'default') {
    // attaching to several networks by default makes no sense: the guest could not tell which to configure
    const nets = await availableNetworks(db, projectId);
    if (nets.length > 1) throw networkAmbiguousOnCreate();
    // neutron.py _ports_needed_per_instance: with nothing to attach to, 'auto' asks Neutron for an
    // auto-allocated topology; our network service has no such extension, so it cannot (400).
    // Without `networks` (before 2.37) the server boots with no interface instead.
    if (nets.length === 0 && networks === 'auto')
      throw badRequest(`Unable to automatically allocate a network for project ${projectId}`);
    return;
  }
  checkFormat(networks);
  if (maxCount > 1) {
    if (networks.some((n) => n.port)) {
      throw launchFailed(
        'Unable to launch multiple instances with a single configured port ID. Please launch your instance one by one with different ports.',
      );
    }
    if (networks.some((n) => !n.port && n.fixed_ip !== undefined))
      throw launchFailed('max_count cannot be greater than 1 if an fixed_ip is specified.');
  }
  const netIds: string[] = [];
  for (const n of networks) {
    if (n.port) {
      // _show_port with the caller's token
      const [port] = await netRepo.listPorts(db, { ids: [n.port], visibleTo: ctx.isAdmin ? undefined : projectId });
      if (!port) throw badRequest(`Port id ${n.port} could not be found.`);
      if (port.device_id !== '') throw novaPortInUse(n.port);
      if ((await netRepo.allocationsOfPorts(db, [port.id])).length === 0)
        throw badRequest(`Port ${n.port} requires a FixedIP in order to be used.`);
      continue;
    }
    const netId = n.uuid as string;
    netIds.push(netId);
    if (n.fixed_ip !== undefined) {
      const ip = canonicalIp(n.fixed_ip) ?? n.fixed_ip;
      const [holder] = await netRepo.listPorts(db, { networkIds: [netId], ipAddresses: [ip] });
      if (holder) throw badRequest(`Fixed IP address ${n.fixed_ip} is already in use on instance ${holder.device_id}.`);
    }
  }
  if (netIds.length === 0) return;
  const unique = [...new Set(netIds)];
  const nets = await netRepo.listNetworks(db, { ids: unique, visibleTo: ctx.isAdmin ? null : projectId });
  for (const net of nets) {
    if ((await netRepo.listSubnets(db, { networkIds: [net.id] })).length === 0) {
      throw badRequest(`Network ${net.id} requires a subnet in order to boot instances on.`);
    }
  }
  const lost = unique.filter((id) => !nets.some((n) => n.id === id));
  if (lost.length) throw badRequest(`Network ${lost.join(', ')} could not be found.`);
  // neutron.py _check_external_network_attach
  const external = nets.find((n) => n.router_external === 1 && n.shared !== 1);
  if (external && !ctx.isAdmin) throw externalNetworkAttachForbidden(external.id);
}
