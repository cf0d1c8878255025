/**
 * Keystone v3 password authentication scoped to a project, the one request every test harness,
 * the parity targets and the bench make to get a token (stackbox's or the real Keystone's).
 */
export type DomainRef = { name: string } | { id: string };

export interface PasswordLogin {
  user: string;
  /** the seeded users' password unless told otherwise */
  password?: string;
  /** the user's name unless told otherwise (the seeded users' projects carry their names) */
  project?: string;
  userDomain?: DomainRef;
  projectDomain?: DomainRef;
}

/** POST {identityUrl}/v3/auth/tokens; identityUrl ends before /v3 (…/identity for stackbox) */
export function requestPasswordToken(identityUrl: string, login: PasswordLogin): Promise<Response> {
  const domain = { name: 'Default' };
  return fetch(`${identityUrl}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: { name: login.user, domain: login.userDomain ?? domain, password: login.password ?? 'secret' },
          },
        },
        scope: { project: { name: login.project ?? login.user, domain: login.projectDomain ?? domain } },
      },
    }),
  });
}
