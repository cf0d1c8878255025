/** Keystone project body (keystone/api/projects.py wrap_member); extra properties appear top-level. */
import type { ProjectDetails } from '../../../services/identity/identity-admin-service.js';

export function projectView({ row: p, tags, extra, isDomain }: ProjectDetails, v3: string): Record<string, unknown> {
  return {
    ...extra,
    id: p.id,
    name: p.name,
    domain_id: isDomain ? null : p.domain_id,
    description: p.description,
    enabled: p.enabled === 1,
    parent_id: isDomain ? null : p.parent_id,
    is_domain: isDomain,
    tags,
    options: {},
    links: { self: `${v3}/projects/${p.id}` },
  };
}
