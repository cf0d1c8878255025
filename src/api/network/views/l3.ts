/** Routers and floating IPs as Neutron renders them (router, ext-gw-mode, extraroute, standard attributes). */
import type { FloatingIpRow, Route, Router } from '../../../services/network/l3-service.js';
import { neutronTime } from '../request.js';

export function routerView(r: Router): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    tenant_id: r.project_id,
    admin_state_up: r.admin_state_up === 1,
    status: r.status,
    external_gateway_info:
      r.gw_network_id === null
        ? null
        : {
            network_id: r.gw_network_id,
            enable_snat: r.enable_snat === 1,
            external_fixed_ips: r.gatewayIps.map((f) => ({ subnet_id: f.subnet_id, ip_address: f.ip_address })),
          },
    description: r.description,
    routes: JSON.parse(r.routes) as Route[],
    distributed: r.distributed === 1,
    ha: r.ha === 1,
    availability_zone_hints: JSON.parse(r.availability_zone_hints) as string[],
    availability_zones: r.availabilityZones,
    tags: [],
    created_at: neutronTime(r.created_at),
    updated_at: neutronTime(r.updated_at),
    revision_number: r.revision_number,
    project_id: r.project_id,
  };
}

export function floatingIpView(f: FloatingIpRow): Record<string, unknown> {
  return {
    id: f.id,
    tenant_id: f.project_id,
    floating_ip_address: f.floating_ip_address,
    floating_network_id: f.floating_network_id,
    router_id: f.router_id,
    port_id: f.fixed_port_id,
    fixed_ip_address: f.fixed_ip_address,
    status: f.status,
    description: f.description,
    // dns-integration with no external DNS driver: Neutron keeps no DNS data for floating IPs
    dns_domain: '',
    dns_name: '',
    tags: [],
    created_at: neutronTime(f.created_at),
    updated_at: neutronTime(f.updated_at),
    revision_number: f.revision_number,
    project_id: f.project_id,
  };
}
