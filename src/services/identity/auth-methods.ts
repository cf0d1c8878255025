/**
 * The identity half of POST /v3/auth/tokens (keystone/auth/plugins/): who is asking, proven by a
 * password, an existing token or an application credential, and what a token-method request
 * inherits from the token it presents. Scope and the new token are auth-service.ts's.
 */
import type { Runtime } from '../../runtime.js';
import {
  appCredCannotScope,
  appCredNeedsIdOrName,
  appCredNeedsUser,
  appCredNotFound,
  passwordExpired,
  requiredProperty,
  scopeNotFound,
  tokenNotValidated,
  trustTokenRescope,
  unauthorized,
  unsupportedAuthMethod,
  userNeedsIdOrName,
} from '../../domain/identity/errors.js';
import { verifyPassword } from '../../domain/identity/passwords.js';
import { isExpired } from '../../domain/identity/application-credentials.js';
import {
  findDomainById,
  findDomainByName,
  findUserById,
  findUserByName,
  type DomainRow,
  type UserRow,
} from '../../store/repositories/identity-repository.js';
import {
  findApplicationCredential,
  findApplicationCredentialByName,
  type ApplicationCredentialRow,
} from '../../store/repositories/application-credential-repository.js';
import { LockoutService } from './lockout-service.js';

export interface NameOrId {
  id?: string;
  name?: string;
  domain?: { id?: string; name?: string };
}

export interface AppCredAuth {
  id?: string;
  name?: string;
  secret?: string;
  user?: NameOrId;
}

export interface IdentityBody {
  methods: string[];
  password?: { user: NameOrId & { password?: string } };
  token?: { id: string };
  application_credential?: AppCredAuth;
}

/** who authenticated, and what the new token takes over when none is asked for */
export interface Identified {
  user: UserRow;
  methods: string[];
  inheritedProjectId: string | null;
  inheritedDomainId: string | null;
  /** a token made from another token keeps the original's expiry (keystone/auth/plugins/token.py) */
  inheritedExp: number | null;
  appCred: ApplicationCredentialRow | null;
}

export class AuthMethods {
  private readonly lockout: LockoutService;
  constructor(private readonly rt: Runtime) {
    this.lockout = new LockoutService(rt);
  }

  /** the first method Keystone would try of those named: application credential, password, token */
  async identify(identity: IdentityBody, scopeGiven: boolean): Promise<Identified> {
    const none = { inheritedProjectId: null, inheritedDomainId: null, inheritedExp: null, appCred: null };
    if (identity.methods.includes('application_credential')) {
      if (!identity.application_credential) throw requiredProperty('application_credential');
      // the credential carries its own scope: a request that names one is refused
      if (scopeGiven) throw appCredCannotScope();
      const { user, appCred } = await this.appCredUser(identity.application_credential);
      return { ...none, user, methods: identity.methods, appCred, inheritedProjectId: appCred.project_id };
    }
    if (identity.methods.includes('password')) {
      if (!identity.password) throw requiredProperty('password');
      return { ...none, user: await this.passwordUser(identity.password.user), methods: identity.methods };
    }
    if (identity.methods.includes('token')) {
      if (!identity.token) throw requiredProperty('token');
      return this.tokenUser(identity.token.id);
    }
    throw unsupportedAuthMethod();
  }

  /**
   * Keystone's order (identity/backends/sql.py authenticate): a locked user is refused before the
   * password is looked at, a wrong password counts towards the lockout (even for a disabled user),
   * a right one clears the count. Every refusal is the same generic 401: Keystone never shows its
   * AccountLocked text, even with insecure_debug.
   */
  async checkPassword(user: UserRow, password: unknown): Promise<void> {
    const state = await this.lockout.state(user.id);
    if (state.locked) throw unauthorized();
    if (typeof password !== 'string' || !verifyPassword(password, user.password_hash)) {
      await this.lockout.recordFailure(user.id);
      throw unauthorized();
    }
    await this.lockout.recordSuccess(user.id, state);
  }

  /** a domain named in a scope or a user reference: 401 when disabled */
  async resolveDomain(d: { id?: string; name?: string }): Promise<DomainRow> {
    const db = this.rt.store.db;
    const row = d.id ? await findDomainById(db, d.id) : d.name ? await findDomainByName(db, d.name) : undefined;
    if (!row) throw scopeNotFound('domain', d.id ?? d.name ?? '');
    if (!row.enabled) throw unauthorized();
    return row;
  }

  private async passwordUser(u: NameOrId & { password?: string }): Promise<UserRow> {
    let user: UserRow | undefined;
    if (u.id) user = await findUserById(this.rt.store.db, u.id);
    else if (u.name) user = await this.userByName(u.name, u.domain);
    else throw userNeedsIdOrName();
    if (!user) throw unauthorized();
    await this.checkPassword(user, u.password);
    if (!user.enabled) throw unauthorized();
    // [security_compliance] password_expires_days / change_password_upon_first_use
    if (user.password_expires_at !== null && new Date(user.password_expires_at) <= this.rt.clock())
      throw passwordExpired(user.id);
    return user;
  }

  /** a user by name within a domain; an unknown or disabled domain finds nobody */
  private async userByName(name: string, domainRef?: { id?: string; name?: string }): Promise<UserRow | undefined> {
    const domain = domainRef ? await this.resolveDomain(domainRef).catch(() => undefined) : undefined;
    if (!domain) return undefined;
    return findUserByName(this.rt.store.db, name, domain.id);
  }

  /**
   * Keystone's token plugin validates the presented token like GET /v3/auth/tokens does: a
   * revoked, expired or unknown token is TokenNotFound, 404 'Failed to validate token' (not a 401).
   */
  private async tokenUser(tokenId: string): Promise<Identified> {
    const ctx = await this.rt.tokens.validate(tokenId, 'auth').catch(() => {
      throw tokenNotValidated();
    });
    const user = await findUserById(this.rt.store.db, ctx.userId);
    if (!user) throw unauthorized();
    const original = this.rt.tokens.decode(tokenId);
    // an application credential's token cannot be traded for another token
    if (original?.appCredId) throw tokenNotValidated();
    // a trust's token cannot be traded for another token (Keystone's 403): ask the trust again
    if (original?.trustId) throw trustTokenRescope();
    return {
      user,
      methods: [...new Set([...(original?.methods ?? []), 'token'])],
      inheritedProjectId: ctx.projectId,
      inheritedDomainId: original?.domainId ?? null,
      inheritedExp: original?.exp ?? null,
      appCred: null,
    };
  }

  /** The user an application credential authenticates (by id, or by name and user) and the credential. */
  private async appCredUser(a: AppCredAuth): Promise<{ user: UserRow; appCred: ApplicationCredentialRow }> {
    const db = this.rt.store.db;
    let cred: ApplicationCredentialRow | undefined;
    if (a.id) {
      cred = await findApplicationCredential(db, a.id);
      // Keystone answers an unknown credential id with its 404, before looking at the secret
      if (!cred) throw appCredNotFound(a.id);
    } else if (a.name) {
      if (!a.user) throw appCredNeedsUser();
      let owner: UserRow | undefined;
      if (a.user.id) owner = await findUserById(db, a.user.id);
      else if (a.user.name && a.user.domain) owner = await this.userByName(a.user.name, a.user.domain);
      cred = owner ? await findApplicationCredentialByName(db, owner.id, a.name) : undefined;
    } else {
      throw appCredNeedsIdOrName();
    }
    if (!cred) throw unauthorized();
    if (typeof a.secret !== 'string' || !verifyPassword(a.secret, cred.secret_hash)) throw unauthorized();
    if (isExpired(cred, this.rt.clock())) throw unauthorized();
    const user = await findUserById(db, cred.user_id);
    if (!user || !user.enabled) throw unauthorized();
    return { user, appCred: cred };
  }
}
