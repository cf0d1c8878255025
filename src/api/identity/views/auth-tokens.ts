/** The token body Keystone returns from POST/GET /v3/auth/tokens. */
import type { IssuedToken } from '../../../services/identity/auth-service.js';
import type { CatalogEntry } from '../../../domain/identity/catalog.js';
import { keystonePlainTime, keystoneTime } from '../../../lib/time.js';

export function tokenView(t: IssuedToken, catalog: CatalogEntry[] | null): unknown {
  const token: Record<string, unknown> = {
    methods: t.payload.methods,
    user: {
      domain: { id: t.userDomain.id, name: t.userDomain.name },
      id: t.user.id,
      name: t.user.name,
      password_expires_at: keystonePlainTime(t.user.password_expires_at),
    },
    audit_ids: [Buffer.from(t.payload.id, 'hex').subarray(0, 16).toString('base64url').slice(0, 22)],
    expires_at: keystoneTime(new Date(t.payload.exp)),
    issued_at: keystoneTime(new Date(t.payload.iat)),
  };
  if (t.trust) {
    token['OS-TRUST:trust'] = {
      id: t.trust.id,
      trustor_user: { id: t.trust.trustor_user_id },
      trustee_user: { id: t.trust.trustee_user_id },
      impersonation: t.trust.impersonation === 1,
    };
  }
  if (t.project && t.projectDomain) {
    token.project = {
      domain: { id: t.projectDomain.id, name: t.projectDomain.name },
      id: t.project.id,
      name: t.project.name,
    };
    token.is_domain = false;
  }
  if (t.domain) token.domain = { id: t.domain.id, name: t.domain.name };
  if (t.system) token.system = { all: true };
  if (t.project || t.domain || t.system) {
    token.roles = t.roles.map((r) => ({ id: r.id, name: r.name }));
    if (catalog) token.catalog = catalog;
  }
  if (t.appCred) {
    const cred: Record<string, unknown> = {
      id: t.appCred.id,
      name: t.appCred.name,
      restricted: t.appCred.unrestricted !== 1,
    };
    const rules = JSON.parse(t.appCred.access_rules) as unknown[];
    if (rules.length > 0) cred.access_rules = rules;
    token.application_credential = cred;
  }
  return { token };
}
