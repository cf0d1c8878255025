/** An RBAC policy as Neutron renders it (neutron/extensions/rbac.py). */
import type { RbacPolicyRow } from '../../../services/network/rbac-policy-service.js';

export const rbacPolicyView = (p: RbacPolicyRow): Record<string, unknown> => ({
  id: p.id,
  project_id: p.project_id,
  action: p.action,
  object_id: p.object_id,
  target_tenant: p.target_tenant,
  object_type: p.object_type,
  tenant_id: p.project_id,
});
