/**
 * Tokens are opaque strings "<payload>.<mac>": a base64url JSON payload signed with HMAC-SHA256.
 * Any API process sharing the secret (kept in the settings table) validates them without a
 * database round trip; revocations are events in the store that every process loads.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { newHexId } from '../../lib/ids.js';

export interface TokenPayload {
  /** token id (jti) */
  id: string;
  userId: string;
  /** project scope, or null when unscoped / domain-scoped */
  projectId: string | null;
  domainId: string | null;
  methods: string[];
  /** issued-at and expiry, epoch milliseconds */
  iat: number;
  exp: number;
  /** the application credential the token was issued for (method application_credential) */
  appCredId?: string | null;
  /** the trust the token was issued for (scope OS-TRUST:trust) */
  trustId?: string | null;
  /** a system-scoped token (scope system all) */
  system?: boolean;
}

export interface Revocation {
  tokenId: string | null;
  userId: string | null;
  projectId: string | null;
  /** tokens issued at or before this instant (epoch ms) are revoked */
  issuedBefore: number;
}

export class TokenCodec {
  constructor(private readonly secret: Buffer) {}

  issue(p: Omit<TokenPayload, 'id'>): { token: string; payload: TokenPayload } {
    const payload: TokenPayload = { id: newHexId(), ...p };
    const body = Buffer.from(
      JSON.stringify([
        payload.id,
        payload.userId,
        payload.projectId,
        payload.domainId,
        payload.methods,
        payload.iat,
        payload.exp,
        ...(payload.appCredId || payload.trustId || payload.system ? [payload.appCredId ?? null] : []),
        ...(payload.trustId || payload.system ? [payload.trustId ?? null] : []),
        ...(payload.system ? ['all'] : []),
      ]),
    ).toString('base64url');
    return { token: `gAAAA${body}.${this.mac(body)}`, payload };
  }

  /** Returns the payload when the signature is valid (expiry and revocation are checked by the caller). */
  decode(token: string): TokenPayload | null {
    if (!token.startsWith('gAAAA')) return null;
    const dot = token.lastIndexOf('.');
    if (dot < 0) return null;
    const body = token.slice(5, dot);
    const mac = token.slice(dot + 1);
    const expected = this.mac(body);
    if (mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return null;
    try {
      const [id, userId, projectId, domainId, methods, iat, exp, appCredId, trustId, system] = JSON.parse(
        Buffer.from(body, 'base64url').toString('utf8'),
      ) as [
        string,
        string,
        string | null,
        string | null,
        string[],
        number,
        number,
        (string | null)?,
        (string | null)?,
        string?,
      ];
      return {
        id,
        userId,
        projectId,
        domainId,
        methods,
        iat,
        exp,
        ...(appCredId ? { appCredId } : {}),
        ...(trustId ? { trustId } : {}),
        ...(system === 'all' ? { system: true } : {}),
      };
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

export function isRevoked(p: TokenPayload, revocations: readonly Revocation[]): boolean {
  for (const r of revocations) {
    if (r.tokenId !== null && r.tokenId === p.id) return true;
    if (
      r.tokenId === null &&
      r.userId !== null &&
      r.userId === p.userId &&
      p.iat <= r.issuedBefore &&
      (r.projectId === null || r.projectId === p.projectId)
    )
      return true;
  }
  return false;
}
