/**
 * Turns an X-Auth-Token into a RequestContext. Signature and expiry are checked in memory; the
 * user/project/role lookup is cached per token for at most `refreshMs` (Keystone recomputes a
 * token's roles at every validation, so a grant or rename made by any process shows within that
 * window); revocation events are re-read from the store at most every `refreshMs`, so a revocation
 * made by any process is honoured within that window (and at once in the process that made it).
 */
import type { Store } from '../../store/store.js';
import { TokenCodec, isRevoked, type Revocation, type TokenPayload } from '../../domain/identity/tokens.js';
import type { RequestContext } from '../../domain/context.js';
import { unauthorized } from '../../domain/identity/errors.js';
import {
  findDomainById,
  findUserById,
  findProjectById,
  roleNamesFor,
  revocationsSince,
} from '../../store/repositories/identity-repository.js';
import { findApplicationCredential } from '../../store/repositories/application-credential-repository.js';
import { appCredRoleIds, isExpired } from '../../domain/identity/application-credentials.js';
import type { Clock } from '../../lib/time.js';
import type { AccessRule } from '../../domain/identity/access-rules.js';
import { findTrust } from '../../store/repositories/trust-repository.js';
import { effectiveTrustRoles } from './trust-service.js';

type Identity = Omit<RequestContext, 'requestId'>;
/** Keyed by the token string itself, so the hot path skips the HMAC and the payload parse too. */
interface CachedIdentity {
  payload: TokenPayload;
  identity: Identity;
  loadedAt: number;
}

export class TokenValidator {
  private revocations: Revocation[] = [];
  private revocationsReadUpTo = '1970-01-01T00:00:00.000Z';
  private lastRefresh = 0;
  private refreshing: Promise<void> | null = null;
  private readonly cache = new Map<string, CachedIdentity>();

  constructor(
    private readonly store: Store,
    readonly codec: TokenCodec,
    private readonly clock: Clock,
    private readonly refreshMs = 1000,
  ) {}

  /** Validates a token; throws 401 UNAUTHORIZED (or 404 for Keystone's subject-token checks, by the caller). */
  async validate(token: string | undefined, requestId: string): Promise<RequestContext> {
    if (!token) throw unauthorized();
    const now = this.clock().getTime();
    let hit = this.cache.get(token);
    const payload = hit ? hit.payload : this.codec.decode(token);
    if (!payload || payload.exp <= now) throw unauthorized();
    if (now - this.lastRefresh >= this.refreshMs) await this.refreshRevocations(now);
    if (this.revocations.length && isRevoked(payload, this.revocations)) throw unauthorized();
    if (!hit || now - hit.loadedAt >= this.refreshMs) {
      hit = { payload, identity: await this.load(payload, token), loadedAt: now };
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(token, hit);
    }
    return { ...hit.identity, requestId };
  }

  /** Decodes without the revocation/expiry checks having side effects on the cache. */
  decode(token: string): TokenPayload | null {
    return this.codec.decode(token);
  }

  /** Records a revocation made by this process so it applies at once here. */
  noteRevocation(r: Revocation): void {
    this.revocations.push(r);
    if (!r.tokenId) {
      this.cache.clear();
      return;
    }
    for (const [token, c] of this.cache) if (c.payload.id === r.tokenId) this.cache.delete(token);
  }

  /** Drops every cached identity (a domain was disabled, an application credential deleted). */
  forgetAll(): void {
    this.cache.clear();
  }

  /** Drops cached identities of a user whose roles changed here, so this process sees it at once. */
  forgetUser(userId: string): void {
    for (const [token, c] of this.cache) if (c.identity.userId === userId) this.cache.delete(token);
  }

  private async refreshRevocations(now: number): Promise<void> {
    if (now - this.lastRefresh < this.refreshMs) return;
    if (!this.refreshing) {
      this.refreshing = (async () => {
        try {
          const nowIso = new Date(now).toISOString();
          const fresh = await revocationsSince(this.store.db, this.revocationsReadUpTo, nowIso);
          for (const r of fresh) {
            this.revocations.push(r);
            this.revocationsReadUpTo = r.createdAt;
          }
          // forget revocations whose tokens would have expired anyway is not needed: events carry expiries
          this.lastRefresh = now;
        } finally {
          this.refreshing = null;
        }
      })();
    }
    await this.refreshing;
  }

  private async load(p: TokenPayload, token: string): Promise<Identity> {
    const db = this.store.db;
    const user = await findUserById(db, p.userId);
    if (!user || !user.enabled) throw unauthorized();
    // a disabled domain stops the tokens of its users and of its projects (Keystone's token model
    // checks the domains at every validation)
    const enabledDomain = async (id: string) => (await findDomainById(db, id))?.enabled === 1;
    if (!(await enabledDomain(user.domain_id))) throw unauthorized();
    let projectName: string | null = null;
    let projectDomainId: string | null = null;
    if (p.projectId) {
      const project = await findProjectById(db, p.projectId);
      if (!project || !project.enabled) throw unauthorized();
      if (project.domain_id !== user.domain_id && !(await enabledDomain(project.domain_id))) throw unauthorized();
      projectName = project.name;
      projectDomainId = project.domain_id;
    }
    if (p.domainId && !(await enabledDomain(p.domainId))) throw unauthorized();
    let trustRoles: string[] | null = null;
    if (p.trustId) {
      // the trust must still exist and give roles (its trustor still holding them); the
      // token user (trustee, or trustor when impersonating) needs no role of its own
      const trust = await findTrust(db, p.trustId);
      const given = trust ? await effectiveTrustRoles(db, trust, this.clock()) : null;
      if (!given) throw unauthorized();
      trustRoles = given.map((r) => r.name);
    }
    const held =
      trustRoles ??
      (await roleNamesFor(db, p.userId, { projectId: p.projectId, domainId: p.domainId, system: p.system })).map(
        (r) => r.name,
      );
    let roles = held;
    let appCred: Identity['appCred'] = null;
    if (p.appCredId) {
      // the credential must still exist and be unexpired; its token carries those of the
      // credential's roles the user still holds (keystone/models/token_model.py), no others
      const cred = await findApplicationCredential(db, p.appCredId);
      if (!cred || isExpired(cred, this.clock())) throw unauthorized();
      const ids = appCredRoleIds(cred);
      const names = ids.length
        ? (await db.selectFrom('roles').select('name').where('id', 'in', ids).execute()).map((r) => r.name)
        : [];
      roles = names.filter((n) => held.includes(n)).sort();
      const rules = JSON.parse(cred.access_rules) as AccessRule[];
      appCred = { id: cred.id, unrestricted: cred.unrestricted === 1, accessRules: rules.length > 0 ? rules : null };
    }
    if ((p.projectId || p.domainId || p.system) && roles.length === 0) throw unauthorized();
    return {
      userId: user.id,
      userName: user.name,
      userDomainId: user.domain_id,
      projectId: p.projectId,
      projectName,
      projectDomainId,
      domainId: p.domainId,
      ...(p.system ? { system: true } : {}),
      appCred,
      roles,
      isAdmin: roles.includes('admin'),
      isService: roles.includes('service'),
      tokenId: p.id,
      issuedAt: new Date(p.iat),
      expiresAt: new Date(p.exp),
      methods: p.methods,
      authToken: token,
    };
  }
}
