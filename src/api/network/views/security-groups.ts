/** Security group as Neutron renders it (rules are not modelled: the list is empty). */
import type { SecurityGroupRow } from '../../../services/network/security-group-service.js';
import { neutronTime } from '../request.js';

export function securityGroupView(g: SecurityGroupRow): Record<string, unknown> {
  return {
    id: g.id,
    name: g.name,
    tenant_id: g.project_id,
    project_id: g.project_id,
    description: g.description,
    security_group_rules: [],
    stateful: true,
    shared: false,
    tags: [],
    revision_number: g.revision_number,
    created_at: neutronTime(g.created_at),
    updated_at: neutronTime(g.created_at),
  };
}
