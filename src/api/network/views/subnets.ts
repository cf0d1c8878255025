/** Subnet as Neutron renders it. */
import type { SubnetRow } from '../../../services/network/network-service.js';
import { neutronTime } from '../request.js';

export function subnetView(s: SubnetRow): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    network_id: s.network_id,
    tenant_id: s.project_id,
    project_id: s.project_id,
    description: s.description,
    ip_version: s.ip_version,
    cidr: s.cidr,
    gateway_ip: s.gateway_ip,
    allocation_pools: JSON.parse(s.allocation_pools) as unknown,
    enable_dhcp: s.enable_dhcp === 1,
    dns_nameservers: JSON.parse(s.dns_nameservers) as unknown,
    host_routes: JSON.parse(s.host_routes) as unknown,
    ipv6_ra_mode: s.ipv6_ra_mode,
    ipv6_address_mode: s.ipv6_address_mode,
    subnetpool_id: s.subnetpool_id,
    service_types: [],
    segment_id: s.segment_id,
    tags: [],
    revision_number: s.revision_number,
    created_at: neutronTime(s.created_at),
    updated_at: neutronTime(s.updated_at),
  };
}
