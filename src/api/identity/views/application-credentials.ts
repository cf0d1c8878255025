/** Keystone application credential body (the secret only in the create response). */
import type { ApplicationCredentialRow } from '../../../services/identity/application-credential-service.js';
import { appCredRoles } from '../../../domain/identity/application-credentials.js';
import { keystoneMicroTime } from '../../../lib/time.js';

export function appCredView(c: ApplicationCredentialRow, v3: string, secret?: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: c.id,
    name: c.name,
    description: c.description,
    user_id: c.user_id,
    project_id: c.project_id,
    system: null,
    // Keystone prints the stored naive datetime: microseconds, no zone
    expires_at: c.expires_at === null ? null : keystoneMicroTime(c.expires_at),
    unrestricted: c.unrestricted === null ? null : c.unrestricted === 1,
    roles: appCredRoles(c).map((r) => ({ ...r, options: {} })),
  };
  const rules = JSON.parse(c.access_rules) as unknown[];
  if (rules.length > 0) body.access_rules = rules;
  if (secret !== undefined) body.secret = secret;
  // Keystone's self link names the credential without its user
  body.links = { self: `${v3}/application_credentials/${c.id}` };
  return body;
}

/** an access rule as /v3/users/{user_id}/access_rules shows it (Keystone links it without its user) */
export function accessRuleView(
  r: { id: string; service: string; path: string; method: string },
  v3: string,
): Record<string, unknown> {
  return {
    id: r.id,
    service: r.service,
    path: r.path,
    method: r.method,
    links: { self: `${v3}/access_rules/${r.id}` },
  };
}
