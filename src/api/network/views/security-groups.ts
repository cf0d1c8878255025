/** Security groups and rules as Neutron renders them (security-group, stateful-security-group, standard attributes). */
import type { SecurityGroupRuleRow, SecurityGroupWithRules } from '../../../services/network/security-group-service.js';
import { normalizedCidr } from '../../../domain/ports/security-group-rules.js';
import { neutronTime } from '../request.js';

export function securityGroupRuleView(r: SecurityGroupRuleRow): Record<string, unknown> {
  return {
    id: r.id,
    tenant_id: r.project_id,
    security_group_id: r.security_group_id,
    ethertype: r.ethertype,
    direction: r.direction,
    protocol: r.protocol,
    port_range_min: r.port_range_min,
    port_range_max: r.port_range_max,
    remote_ip_prefix: r.remote_ip_prefix,
    remote_address_group_id: r.remote_address_group_id,
    normalized_cidr: normalizedCidr(r.remote_ip_prefix),
    remote_group_id: r.remote_group_id,
    description: r.description,
    created_at: neutronTime(r.created_at),
    updated_at: neutronTime(r.updated_at),
    revision_number: r.revision_number,
    project_id: r.project_id,
  };
}

export function securityGroupView(g: SecurityGroupWithRules): Record<string, unknown> {
  return {
    id: g.id,
    name: g.name,
    stateful: g.stateful === 1,
    tenant_id: g.project_id,
    description: g.description,
    shared: false,
    security_group_rules: g.rules.map(securityGroupRuleView),
    tags: [],
    created_at: neutronTime(g.created_at),
    updated_at: neutronTime(g.updated_at || g.created_at),
    revision_number: g.revision_number,
    project_id: g.project_id,
  };
}
