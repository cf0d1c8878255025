/**
 * Keystone user body. email, description and default_project_id are only present when set
 * (Keystone keeps them in the "extra" blob, whose other properties also appear top-level); the
 * password never appears.
 */
import { keystonePlainTime } from '../../../lib/time.js';
import type { UserDetails } from '../../../services/identity/user-admin-service.js';

export function userView({ row: u, extra }: UserDetails, v3: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...extra,
    id: u.id,
    name: u.name,
    domain_id: u.domain_id,
    enabled: u.enabled === 1,
    password_expires_at: keystonePlainTime(u.password_expires_at),
    options: {},
    links: { self: `${v3}/users/${u.id}` },
  };
  if (u.default_project_id !== null) body.default_project_id = u.default_project_id;
  if (u.email !== null) body.email = u.email;
  if (u.description !== null) body.description = u.description;
  return body;
}
