/** Keystone group body; listed as a user's group it also says when the membership expires (never). */
import type { GroupRow } from '../../../services/identity/group-service.js';

export function groupView(g: GroupRow, v3: string, membership = false): Record<string, unknown> {
  return {
    id: g.id,
    name: g.name,
    domain_id: g.domain_id,
    description: g.description,
    ...(membership ? { membership_expires_at: null } : {}),
    links: { self: `${v3}/groups/${g.id}` },
  };
}
