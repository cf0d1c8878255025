/** Keystone role body (global roles: domain_id null). */
import type { RoleRow } from '../../../services/identity/identity-admin-service.js';

export function roleView(r: RoleRow, v3: string): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    domain_id: r.domain_id,
    description: r.description,
    options: {},
    links: { self: `${v3}/roles/${r.id}` },
  };
}
