/**
 * Port as Neutron renders it, every attribute included: the caller's view drops those its
 * get_port:<attr> rules forbid (binding:host_id, binding:profile, binding:vif_type and
 * binding:vif_details are admin-only, src/policy/network-rules.ts).
 */
import type { Port } from '../../../services/network/port-service.js';
import { neutronTime } from '../request.js';
import { dnsAssignment } from '../../../domain/ports/dns.js';

export function portView(p: Port): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    network_id: p.network_id,
    tenant_id: p.project_id,
    project_id: p.project_id,
    description: p.description,
    mac_address: p.mac_address,
    admin_state_up: p.admin_state_up === 1,
    status: p.status,
    device_id: p.device_id,
    device_owner: p.device_owner,
    fixed_ips: p.fixedIps.map((f) => ({ subnet_id: f.subnet_id, ip_address: f.ip_address })),
    allowed_address_pairs: JSON.parse(p.allowed_address_pairs) as unknown,
    extra_dhcp_opts: JSON.parse(p.extra_dhcp_opts) as unknown,
    security_groups: JSON.parse(p.security_groups) as unknown,
    port_security_enabled: p.port_security_enabled === 1,
    'binding:vnic_type': p.binding_vnic_type,
    ip_allocation: p.ip_allocation,
    dns_name: '',
    dns_assignment: dnsAssignment(p.fixedIps),
    tags: [],
    revision_number: p.revision_number,
    created_at: neutronTime(p.created_at),
    updated_at: neutronTime(p.updated_at),
    'binding:host_id': p.binding_host_id,
    'binding:profile': JSON.parse(p.binding_profile) as unknown,
    'binding:vif_type': p.binding_vif_type,
    'binding:vif_details': p.binding_vif_type === 'ovs' ? { port_filter: true, ovs_hybrid_plug: false } : {},
  };
}
