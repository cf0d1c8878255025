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

/** A role in a role inference (keystone/api/_shared/implied_roles.py): id, name and link only. */
export function impliedRoleRef(r: RoleRow, v3: string): Record<string, unknown> {
  return { id: r.id, links: { self: `${v3}/roles/${r.id}` }, name: r.name };
}
