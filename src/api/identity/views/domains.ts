/** Keystone domain body. */
import type { DomainRow } from '../../../services/identity/identity-admin-service.js';

export function domainView(d: DomainRow, v3: string): Record<string, unknown> {
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    enabled: d.enabled === 1,
    tags: [],
    options: {},
    links: { self: `${v3}/domains/${d.id}` },
  };
}
