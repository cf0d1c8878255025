/** Keystone credential bodies (keystone/api/credentials.py) and the OS-EC2 shape (keystone/api/users.py). */
import { ec2View, type CredentialRow } from '../../../services/identity/credential-service.js';

export function credentialView(c: CredentialRow, v3: string): Record<string, unknown> {
  return {
    ...(JSON.parse(c.extra) as Record<string, unknown>),
    id: c.id,
    user_id: c.user_id,
    project_id: c.project_id,
    type: c.type,
    blob: c.blob,
    links: { self: `${v3}/credentials/${c.id}` },
  };
}

export function ec2CredentialView(c: CredentialRow, v3: string): Record<string, unknown> {
  const e = ec2View(c);
  return { ...e, links: { self: `${v3}/users/${e.user_id}/credentials/OS-EC2/${String(e.access)}` } };
}
