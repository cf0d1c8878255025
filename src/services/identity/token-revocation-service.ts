/**
 * Token revocation events (Keystone's revoke_api): a row in token_revocations that every API
 * process re-reads, noted at once in this one. Written whenever something takes access away.
 */
import type { Runtime } from '../../runtime.js';
import type { TokenPayload } from '../../domain/identity/tokens.js';
import { newHexId, newUuid } from '../../lib/ids.js';
import { insertRevocation } from '../../store/repositories/identity-repository.js';

export class TokenRevocationService {
  constructor(private readonly rt: Runtime) {}

  /** Revokes one token (DELETE /v3/auth/tokens). */
  async revokeToken(payload: TokenPayload): Promise<void> {
    await insertRevocation(this.rt.store.db, {
      id: newUuid(),
      token_id: payload.id,
      user_id: null,
      project_id: null,
      issued_before: new Date(payload.iat).toISOString(),
      expires_at: new Date(payload.exp).toISOString(),
      created_at: this.rt.clock().toISOString(),
    });
    this.rt.tokens.noteRevocation({ tokenId: payload.id, userId: null, projectId: null, issuedBefore: payload.iat });
  }

  /** Revokes every token of a user (optionally only those scoped to a project) issued until now. */
  async revokeUserTokens(userId: string, projectId: string | null = null): Promise<void> {
    const now = this.rt.clock();
    const issuedBefore = now.getTime();
    await insertRevocation(this.rt.store.db, {
      id: newHexId(),
      token_id: null,
      user_id: userId,
      project_id: projectId,
      issued_before: now.toISOString(),
      // a revocation matters only as long as the tokens it covers could still be valid
      expires_at: new Date(issuedBefore + this.rt.config.tokenTtlSeconds * 1000).toISOString(),
      created_at: now.toISOString(),
    });
    this.rt.tokens.noteRevocation({ tokenId: null, userId, projectId, issuedBefore });
  }
}
