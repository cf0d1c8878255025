/**
 * Password tokens of the seeded users (password 'secret'), scoped to a same-named project unless
 * told otherwise, fetched once per user and project: both ways the bench starts stackbox (in
 * process, bench/lib/stackbox.ts, and as the served CLI, bench/lib/served.ts) hand these out.
 */
import { requestPasswordToken } from '../../test/helpers/password-login.js';

export type TokenGetter = (user: string, project?: string) => Promise<string>;

export function cachedTokens(url: string): TokenGetter {
  const tokens = new Map<string, string>();
  return async (user, project = user) => {
    const key = `${user}/${project}`;
    const hit = tokens.get(key);
    if (hit) return hit;
    const res = await requestPasswordToken(`${url}/identity`, { user, project });
    if (res.status !== 201) throw new Error(`token for ${user}/${project}: ${res.status}`);
    const token = res.headers.get('x-subject-token') as string;
    tokens.set(key, token);
    return token;
  };
}
