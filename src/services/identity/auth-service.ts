/**
 * Keystone's POST /v3/auth/tokens: authenticate by password or by an existing token, resolve the
 * requested scope, and issue a signed token. Also token revocation.
 */
import type { Runtime } from '../../runtime.js';
import {
  appCredCannotScope,
  appCredNeedsIdOrName,
  appCredNeedsUser,
  appCredNotFound,
  delegatedTokenForbidden,
  trustTokenRescope,
  noAccessToDomain,
  tokenNotValidated,
  noAccessToProject,
  projectDisabled,
  projectScopeNeedsDomain,
  requiredProperty,
  scopeNotFound,
  noAccessToSystem,
  tokenNotRecognized,
  unauthorized,
  passwordExpired,
  unsupportedAuthMethod,
  userNeedsIdOrName,
} from '../../domain/identity/errors.js';
import { verifyPassword } from '../../domain/identity/passwords.js';
import type { TokenPayload } from '../../domain/identity/tokens.js';
import {
  findDomainById,
  findProjectById,
  findUserById,
  roleNamesFor,
  type DomainRow,
  type ProjectRow,
  type RoleRow,
  type UserRow,
} from '../../store/repositories/identity-repository.js';
import { newHexId, newUuid } from '../../lib/ids.js';
import { LockoutService } from './lockout-service.js';
import {
  findApplicationCredential,
  findApplicationCredentialByName,
  type ApplicationCredentialRow,
} from '../../store/repositories/application-credential-repository.js';
import { appCredRoleIds, isExpired } from '../../domain/identity/application-credentials.js';
import { consumeTrustUse, findTrust, type TrustRow } from '../../store/repositories/trust-repository.js';
import { effectiveTrustRoles } from './trust-service.js';

export interface NameOrId {
  id?: string;
  name?: string;
  domain?: { id?: string; name?: string };
}

export interface AuthBody {
  identity: {
    methods: string[];
    password?: { user: NameOrId & { password?: string } };
    token?: { id: string };
    application_credential?: AppCredAuth;
  };
  scope?:
    | 'unscoped'
    | {
        project?: NameOrId;
        domain?: { id?: string; name?: string };
        system?: unknown;
        'OS-TRUST:trust'?: { id?: string };
      };
}

export interface AppCredAuth {
  id?: string;
  name?: string;
  secret?: string;
  user?: NameOrId;
}

export interface IssuedToken {
  token: string;
  payload: TokenPayload;
  user: UserRow;
  userDomain: DomainRow;
  project: ProjectRow | null;
  projectDomain: DomainRow | null;
  domain: DomainRow | null;
  /** a system-scoped token (scope system all) */
  system?: boolean;
  roles: RoleRow[];
  appCred: ApplicationCredentialRow | null;
  trust?: TrustRow | null;
}

export class AuthService {
  private readonly lockout: LockoutService;
  constructor(private readonly rt: Runtime) {
    this.lockout = new LockoutService(rt);
  }

  async issue(body: AuthBody): Promise<IssuedToken> {
    const { identity } = body;
    let user: UserRow;
    let methods = identity.methods;
    let inheritedProjectId: string | null = null;
    let inheritedDomainId: string | null = null;
    // a token made from another token keeps the original's expiry (keystone/auth/plugins/token.py)
    let inheritedExp: number | null = null;
    let appCred: ApplicationCredentialRow | null = null;
    if (identity.methods.includes('application_credential')) {
      if (!identity.application_credential) throw requiredProperty('application_credential');
      // the credential carries its own scope: a request that names one is refused
      if (body.scope !== undefined) throw appCredCannotScope();
      ({ user, appCred } = await this.appCredUser(identity.application_credential));
      inheritedProjectId = appCred.project_id;
    } else if (identity.methods.includes('password')) {
      if (!identity.password) throw requiredProperty('password');
      user = await this.passwordUser(identity.password.user);
    } else if (identity.methods.includes('token')) {
      if (!identity.token) throw requiredProperty('token');
      // Keystone's token plugin validates it like GET /v3/auth/tokens does: a revoked, expired
      // or unknown token is TokenNotFound, 404 'Failed to validate token' (not a 401)
      const ctx = await this.rt.tokens.validate(identity.token.id, 'auth').catch(() => {
        throw tokenNotValidated();
      });
      const found = await findUserById(this.rt.store.db, ctx.userId);
      if (!found) throw unauthorized();
      user = found;
      const original = this.rt.tokens.decode(identity.token.id);
      methods = [...new Set([...(original?.methods ?? []), 'token'])];
      inheritedProjectId = ctx.projectId;
      inheritedDomainId = original?.domainId ?? null;
      inheritedExp = original?.exp ?? null;
      // an application credential's token cannot be traded for another token
      if (original?.appCredId) throw tokenNotValidated();
      // a trust's token cannot be traded for another token (Keystone's 403): ask the trust again
      if (original?.trustId) throw trustTokenRescope();
    } else {
      throw unsupportedAuthMethod();
    }
    const userDomain = await findDomainById(this.rt.store.db, user.domain_id);
    if (!userDomain || !userDomain.enabled) throw unauthorized();

    const scope = body.scope;
    const trustRef = scope && scope !== 'unscoped' ? scope['OS-TRUST:trust'] : undefined;
    if (trustRef !== undefined) return this.issueForTrust(user, userDomain, methods, trustRef.id ?? '');

    let project: ProjectRow | null = null;
    let domain: DomainRow | null = null;
    // Keystone takes any "system" key as the whole system (auth/core.py: scope data 'all')
    let system = false;
    if (scope && scope !== 'unscoped') {
      if (scope.project) project = await this.resolveProject(scope.project);
      else if (scope.domain) domain = await this.resolveDomain(scope.domain);
      else if (scope.system !== undefined) system = true;
    } else if (scope === undefined) {
      if (inheritedProjectId) project = (await findProjectById(this.rt.store.db, inheritedProjectId)) ?? null;
      else if (inheritedDomainId) domain = (await findDomainById(this.rt.store.db, inheritedDomainId)) ?? null;
      else if (user.default_project_id) {
        const p = await findProjectById(this.rt.store.db, user.default_project_id);
        if (p && p.enabled && (await roleNamesFor(this.rt.store.db, user.id, { projectId: p.id })).length > 0)
          project = p;
      }
    }
    let roles: RoleRow[] = [];
    if (project) {
      if (!project.enabled) throw projectDisabled(project.id);
      // a project of a disabled domain cannot be scoped to (keystone assert_domain_enabled)
      if (project.domain_id !== user.domain_id && !(await findDomainById(this.rt.store.db, project.domain_id))?.enabled)
        throw unauthorized();
      roles = await roleNamesFor(this.rt.store.db, user.id, { projectId: project.id });
      if (roles.length === 0) throw noAccessToProject(user.id, project.id);
    } else if (domain) {
      roles = await roleNamesFor(this.rt.store.db, user.id, { domainId: domain.id });
      if (roles.length === 0) throw noAccessToDomain(user.id, domain.id);
    } else if (system) {
      roles = await roleNamesFor(this.rt.store.db, user.id, { system: true });
      if (roles.length === 0) throw noAccessToSystem(user.id);
    }
    if (appCred) {
      if (!project) throw unauthorized();
      // every role the credential delegates must still be the user's: one that is not makes the
      // credential unusable rather than quietly weaker
      const ids = appCredRoleIds(appCred);
      if (!ids.every((id) => roles.some((r) => r.id === id))) throw unauthorized();
      roles = roles.filter((r) => ids.includes(r.id));
    }
    const now = this.rt.clock().getTime();
    const { token, payload } = this.rt.tokens.codec.issue({
      userId: user.id,
      projectId: project?.id ?? null,
      domainId: domain?.id ?? null,
      methods,
      iat: now,
      exp: inheritedExp ?? now + this.rt.config.tokenTtlSeconds * 1000,
      appCredId: appCred?.id ?? null,
      ...(system ? { system: true } : {}),
    });
    const projectDomain = project ? ((await findDomainById(this.rt.store.db, project.domain_id)) ?? null) : null;
    return { token, payload, user, userDomain, project, projectDomain, domain, system, roles, appCred };
  }

  /**
   * A token scoped by a trust (keystone/auth/core.py, token_model.py): only the trustee may ask
   * (403 otherwise), each issue spends one of the trust's remaining uses (a conditional UPDATE),
   * the token is for the trustor when the trust impersonates, and carries the trust's roles on
   * its project. An unknown, expired or spent trust is Keystone's generic 401.
   */
  private async issueForTrust(
    trustee: UserRow,
    trusteeDomain: DomainRow,
    methods: string[],
    trustId: string,
  ): Promise<IssuedToken> {
    const db = this.rt.store.db;
    const trust = await findTrust(db, trustId);
    if (!trust || isExpired(trust, this.rt.clock()) || !trust.project_id) throw unauthorized();
    if (trust.trustee_user_id !== trustee.id) throw delegatedTokenForbidden();
    const roles = await effectiveTrustRoles(db, trust, this.rt.clock());
    if (!roles) throw unauthorized();
    const project = await findProjectById(db, trust.project_id);
    if (!project) throw unauthorized();
    if (!project.enabled) throw projectDisabled(project.id);
    let user = trustee;
    let userDomain = trusteeDomain;
    if (trust.impersonation === 1) {
      const trustor = await findUserById(db, trust.trustor_user_id);
      const trustorDomain = trustor && (await findDomainById(db, trustor.domain_id));
      if (!trustor || !trustor.enabled || !trustorDomain?.enabled) throw unauthorized();
      user = trustor;
      userDomain = trustorDomain;
    }
    if (!(await consumeTrustUse(db, trust.id))) throw unauthorized();
    const now = this.rt.clock().getTime();
    const { token, payload } = this.rt.tokens.codec.issue({
      userId: user.id,
      projectId: project.id,
      domainId: null,
      methods,
      iat: now,
      exp: now + this.rt.config.tokenTtlSeconds * 1000,
      trustId: trust.id,
    });
    const projectDomain = (await findDomainById(db, project.domain_id)) ?? null;
    return { token, payload, user, userDomain, project, projectDomain, domain: null, roles, appCred: null, trust };
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
      else if (a.user.name && a.user.domain) {
        const domain = await this.resolveDomain(a.user.domain).catch(() => undefined);
        owner = domain
          ? await db
              .selectFrom('users')
              .selectAll()
              .where('name', '=', a.user.name)
              .where('domain_id', '=', domain.id)
              .executeTakeFirst()
          : undefined;
      }
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

  /**
   * The body of an X-Subject-Token as GET /v3/auth/tokens shows it, roles recomputed now as
   * Keystone does at every validation; 404 when the token is not (or no longer) valid.
   */
  async describe(token: string, requestId: string): Promise<IssuedToken> {
    const payload = this.rt.tokens.decode(token);
    if (!payload) throw tokenNotRecognized();
    const notFound = tokenNotValidated();
    const ctx = await this.rt.tokens.validate(token, requestId).catch(() => {
      throw notFound;
    });
    const db = this.rt.store.db;
    const user = await findUserById(db, ctx.userId);
    const userDomain = user && (await findDomainById(db, user.domain_id));
    if (!payload || !user || !userDomain) throw notFound;
    const project = ctx.projectId ? ((await findProjectById(db, ctx.projectId)) ?? null) : null;
    const projectDomain = project ? ((await findDomainById(db, project.domain_id)) ?? null) : null;
    const domain = payload.domainId ? ((await findDomainById(db, payload.domainId)) ?? null) : null;
    // the roles the validation found (an application credential's token carries only its own)
    const roles = ctx.roles.length
      ? await db
          .selectFrom('roles')
          .selectAll()
          .where('name', 'in', ctx.roles)
          .where('domain_id', 'is', null)
          .orderBy('name')
          .execute()
      : [];
    const appCred = payload.appCredId ? ((await findApplicationCredential(db, payload.appCredId)) ?? null) : null;
    const trust = payload.trustId ? ((await findTrust(db, payload.trustId)) ?? null) : null;
    const system = payload.system === true;
    return { token, payload, user, userDomain, project, projectDomain, domain, system, roles, appCred, trust };
  }

  /** Revokes one token (DELETE /v3/auth/tokens). */
  async revokeToken(payload: TokenPayload): Promise<void> {
    const now = this.rt.clock();
    const row = {
      id: newUuid(),
      token_id: payload.id,
      user_id: null,
      project_id: null,
      issued_before: new Date(payload.iat).toISOString(),
      expires_at: new Date(payload.exp).toISOString(),
      created_at: now.toISOString(),
    };
    await this.rt.store.db.insertInto('token_revocations').values(row).execute();
    this.rt.tokens.noteRevocation({ tokenId: payload.id, userId: null, projectId: null, issuedBefore: payload.iat });
  }

  /** Revokes every token of a user (optionally only those scoped to a project) issued until now. */
  async revokeUserTokens(userId: string, projectId: string | null = null): Promise<void> {
    const now = this.rt.clock();
    const issuedBefore = now.getTime();
    await this.rt.store.db
      .insertInto('token_revocations')
      .values({
        id: newHexId(),
        token_id: null,
        user_id: userId,
        project_id: projectId,
        issued_before: now.toISOString(),
        expires_at: new Date(issuedBefore + this.rt.config.tokenTtlSeconds * 1000).toISOString(),
        created_at: now.toISOString(),
      })
      .execute();
    this.rt.tokens.noteRevocation({ tokenId: null, userId, projectId, issuedBefore });
  }

  private async passwordUser(u: NameOrId & { password?: string }): Promise<UserRow> {
    const db = this.rt.store.db;
    let user: UserRow | undefined;
    if (u.id) user = await findUserById(db, u.id);
    else if (u.name) {
      const domain = u.domain ? await this.resolveDomain(u.domain).catch(() => undefined) : undefined;
      if (!domain) throw unauthorized();
      user = await db
        .selectFrom('users')
        .selectAll()
        .where('name', '=', u.name)
        .where('domain_id', '=', domain.id)
        .executeTakeFirst();
    } else {
      throw userNeedsIdOrName();
    }
    if (!user) throw unauthorized();
    await this.checkPassword(user, u.password);
    if (!user.enabled) throw unauthorized();
    // [security_compliance] password_expires_days / change_password_upon_first_use
    if (user.password_expires_at !== null && new Date(user.password_expires_at) <= this.rt.clock())
      throw passwordExpired(user.id);
    return user;
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

  private async resolveDomain(d: { id?: string; name?: string }): Promise<DomainRow> {
    const db = this.rt.store.db;
    const row = d.id
      ? await findDomainById(db, d.id)
      : d.name
        ? await db.selectFrom('domains').selectAll().where('name', '=', d.name).executeTakeFirst()
        : undefined;
    if (!row) throw scopeNotFound('domain', d.id ?? d.name ?? '');
    if (!row.enabled) throw unauthorized();
    return row;
  }

  private async resolveProject(p: NameOrId): Promise<ProjectRow> {
    const db = this.rt.store.db;
    let row: ProjectRow | undefined;
    if (p.id) row = await findProjectById(db, p.id);
    else if (p.name) {
      if (!p.domain) throw projectScopeNeedsDomain();
      const domain = await this.resolveDomain(p.domain);
      row = await db
        .selectFrom('projects')
        .selectAll()
        .where('name', '=', p.name)
        .where('domain_id', '=', domain.id)
        .executeTakeFirst();
    }
    if (!row) throw scopeNotFound('project', p.id ?? p.name ?? '');
    return row;
  }
}
