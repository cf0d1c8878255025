/** Keystone v3 policy bodies (keystone/api/policy.py). */
import type { PolicyRow } from '../../../services/identity/policy-service.js';

export function policyView(p: PolicyRow, v3: string): Record<string, unknown> {
  return {
    ...(JSON.parse(p.extra) as Record<string, unknown>),
    id: p.id,
    blob: p.blob,
    type: p.type,
    links: { self: `${v3}/policies/${p.id}` },
  };
}
