/** Keystone project body (keystone/resource/core.py + api/projects.py wrap_member). */
import type { ProjectRow } from '../../../store/repositories/identity-repository.js';

export function projectView(p: ProjectRow, v3: string): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    domain_id: p.domain_id,
    description: p.description,
    enabled: p.enabled === 1,
    parent_id: p.parent_id,
    is_domain: false,
    tags: [],
    options: {},
    links: { self: `${v3}/projects/${p.id}` },
  };
}
