/** Keystone application credentials: pure rules (secret, expiry, the roles a credential carries). */
import { randomBytes } from 'node:crypto';

export interface AppCredRole {
  id: string;
  name: string;
  domain_id: string | null;
  description: string | null;
}

/** keystone generates 64 random bytes, base64url without padding */
export function generateSecret(): string {
  return randomBytes(64).toString('base64url');
}

export function appCredRoles(cred: { roles: string }): AppCredRole[] {
  return JSON.parse(cred.roles) as AppCredRole[];
}

export function appCredRoleIds(cred: { roles: string }): string[] {
  return appCredRoles(cred).map((r) => r.id);
}

export function isExpired(cred: { expires_at: string | null }, now: Date): boolean {
  return cred.expires_at !== null && Date.parse(cred.expires_at) <= now.getTime();
}
