/**
 * Keystone's POST /v3/auth/tokens: once auth-methods.ts has said who is asking, resolve the
 * requested scope (project, domain, system or a trust; or what a token-method request inherits)
 * and issue a signed token with the roles held there; and the body GET /v3/auth/tokens shows.
 */
import type { Runtime } from '../../runtime.js';
import {
  delegatedTokenForbidden,
  noAccessToDomain,
  noAccessToProject,
  noAccessToSystem,
  projectDisabled,
  projectScopeNeedsDomain,
  scopeNotFound,
  tokenNotRecognized,
  tokenNotValidated,
  unauthorized,
} from '../../domain/identity/errors.js';
import type { TokenPayload } from '../../domain/identity/tokens.js';
import {
  findDomainById,
  findProjectById,
  findProjectByName,
  findUserById,
  globalRolesNamed,
  roleNamesFor,
  type DomainRow,
  type ProjectRow,
  type RoleRow,
  type UserRow,
} from '../../store/repositories/identity-repository.js';
import {
  findApplicationCredential,
  type ApplicationCredentialRow,
} from '../../store/repositories/application-credential-repository.js';
import { appCredRoleIds, isExpired } from '../../domain/identity/application-credentials.js';
import { consumeTrustUse, findTrust, type TrustRow } from '../../store/repositories/trust-repository.js';
import { effectiveTrustRoles } from './trust-service.js';
import { AuthMethods, type IdentityBody, type NameOrId } from './auth-methods.js';

export interface AuthBody {
  identity: IdentityBody;
  scope?:
    | 'unscoped'
    | {
        project?: NameOrId;
        domain?: { id?: string; name?: string };
        system?: unknown;
        'OS-TRUST:trust'?: { id?: string };
      };
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
  private readonly methods: AuthMethods;
  constructor(private readonly rt: Runtime) {
    this.methods = new AuthMethods(rt);
  }

  async issue(body: AuthBody): Promise<IssuedToken> {
    const { user, methods, inheritedProjectId, inheritedDomainId, inheritedExp, appCred } = await this.methods.identify(
      body.identity,
      body.scope !== undefined,
    );
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
      else if (scope.domain) domain = await this.methods.resolveDomain(scope.domain);
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
    const roles = await globalRolesNamed(db, ctx.roles);
    const appCred = payload.appCredId ? ((await findApplicationCredential(db, payload.appCredId)) ?? null) : null;
    const trust = payload.trustId ? ((await findTrust(db, payload.trustId)) ?? null) : null;
    const system = payload.system === true;
    return { token, payload, user, userDomain, project, projectDomain, domain, system, roles, appCred, trust };
  }

  private async resolveProject(p: NameOrId): Promise<ProjectRow> {
    const db = this.rt.store.db;
    let row: ProjectRow | undefined;
    if (p.id) row = await findProjectById(db, p.id);
    else if (p.name) {
      if (!p.domain) throw projectScopeNeedsDomain();
      const domain = await this.methods.resolveDomain(p.domain);
      row = await findProjectByName(db, p.name, domain.id);
    }
    if (!row) throw scopeNotFound('project', p.id ?? p.name ?? '');
    return row;
  }
}
