/**
 * Keystone application credentials (keystone/application_credential/core.py and the
 * /v3/users/{user_id}/application_credentials resource): a user delegates some of their roles on
 * the project of their token to a secret an application authenticates with. The secret is shown
 * once and stored hashed; the roles must be held by the user on the project (effective, implied
 * included); a token made from a restricted credential cannot make more of them.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import {
  appCredForOtherUser,
  appCredNeedsProjectScope,
  appCredNotFound,
  badTimestamp,
  duplicateEntry,
  accessRuleInUse,
  accessRuleNotFound,
  delegatedAppCredManagement,
  missingAttribute,
  expiryInPast,
  restrictedAppCred,
  delegatedTokenForbidden,
  roleNameNotDefined,
  unassignedRole,
} from '../../domain/identity/errors.js';
import { generateSecret, type AppCredRole } from '../../domain/identity/application-credentials.js';
import { hashPassword } from '../../domain/identity/passwords.js';
import { newHexId } from '../../lib/ids.js';
import { parseIsoTime, toDbMicroTime } from '../../lib/time.js';
import { roleNamesFor } from '../../store/repositories/identity-repository.js';
import * as repo from '../../store/repositories/application-credential-repository.js';
import * as rulesRepo from '../../store/repositories/access-rule-repository.js';
import type { DbOrTrx } from '../../store/database.js';
import { IdentityAdminService } from './identity-admin-service.js';

export type { ApplicationCredentialRow } from '../../store/repositories/application-credential-repository.js';

export interface AccessRule {
  id?: string;
  path?: string;
  method?: string;
  service?: string;
}
export interface StoredAccessRule {
  id: string;
  service: string;
  path: string;
  method: string;
}

export interface AppCredInput {
  name: string;
  description?: string | null;
  secret?: string | null;
  expires_at?: string | null;
  roles?: Array<{ id?: string; name?: string }>;
  unrestricted?: boolean;
  access_rules?: AccessRule[];
  [extra: string]: unknown;
}

export class ApplicationCredentialService {
  private readonly admin: IdentityAdminService;
  constructor(private readonly rt: Runtime) {
    this.admin = new IdentityAdminService(rt);
  }

  private get db() {
    return this.rt.store.db;
  }

  /** keystone/api/users.py _check_unrestricted_application_credential */
  private assertMayManage(ctx: RequestContext): void {
    if (ctx.appCred && !ctx.appCred.unrestricted) throw restrictedAppCred();
  }

  async create(
    ctx: RequestContext,
    userId: string,
    input: AppCredInput,
  ): Promise<{ row: repo.ApplicationCredentialRow; secret: string }> {
    this.assertMayManage(ctx);
    // a token issued through a trust creates no credential (Keystone's bare 403)
    if (this.rt.tokens.decode(ctx.authToken)?.trustId) throw delegatedTokenForbidden();
    if (ctx.userId !== userId) throw appCredForOtherUser();
    await this.admin.user(userId);
    const projectId = ctx.projectId;
    if (!projectId) throw appCredNeedsProjectScope();
    // roles by id or name; by default every role of the creating token
    const requested: Array<{ id?: string; name?: string }> = input.roles ?? ctx.roles.map((name) => ({ name }));
    const all = await this.db.selectFrom('roles').selectAll().execute();
    const roles: AppCredRole[] = [];
    for (const r of requested) {
      // an unknown name is a 404; an unknown id is simply not one of the user's roles
      const found = r.id ? all.find((x) => x.id === r.id) : all.find((x) => x.name === r.name);
      if (!found) {
        if (r.id) throw unassignedRole();
        throw roleNameNotDefined(r.name ?? '');
      }
      if (!roles.some((x) => x.id === found.id))
        roles.push({ id: found.id, name: found.name, domain_id: found.domain_id, description: found.description });
    }
    const held = (await roleNamesFor(this.db, userId, { projectId })).map((r) => r.name);
    if (!roles.every((r) => held.includes(r.name))) throw unassignedRole();
    let expiresAt: string | null = null;
    if (input.expires_at) {
      const at = parseIsoTime(input.expires_at);
      if (!at) throw badTimestamp();
      if (at.getTime() <= this.rt.clock().getTime()) throw expiryInPast();
      // Keystone keeps the microseconds it was given (Tempest compares them)
      expiresAt = toDbMicroTime(input.expires_at, at);
    }
    const secret = input.secret || generateSecret();
    const row: repo.ApplicationCredentialRow = {
      id: newHexId(),
      name: input.name,
      user_id: userId,
      project_id: projectId,
      description: input.description ?? null,
      secret_hash: hashPassword(secret),
      expires_at: expiresAt,
      unrestricted: input.unrestricted === undefined ? null : input.unrestricted ? 1 : 0,
      roles: JSON.stringify(roles),
      access_rules: '[]',
      created_at: this.rt.clock().toISOString(),
    };
    try {
      await this.db.transaction().execute(async (trx) => {
        // the rules are resolved (an existing rule of the user by id or by content, else a new
        // one) and linked in the credential's transaction; the credential keeps a copy of them,
        // which stays true since neither a credential nor a rule can change
        const rules = await this.resolveAccessRules(trx, userId, input.access_rules ?? []);
        row.access_rules = JSON.stringify(rules);
        await repo.insertApplicationCredential(trx, row);
        await rulesRepo.linkAccessRules(
          trx,
          row.id,
          rules.map((r) => r.id),
        );
      });
    } catch (e) {
      if (this.rt.store.adapter.isUniqueViolation(e)) throw duplicateEntry('application_credential', row.name, null);
      throw e;
    }
    return { row, secret };
  }

  /** keystone/application_credential/backends/sql.py create_application_credential's rule lookup */
  private async resolveAccessRules(trx: DbOrTrx, userId: string, asked: AccessRule[]): Promise<StoredAccessRule[]> {
    const out: StoredAccessRule[] = [];
    for (const a of asked) {
      let found = a.id ? await rulesRepo.findAccessRule(trx, a.id) : undefined;
      if (found && found.user_id !== userId) found = undefined;
      if (!found) {
        if (a.service === undefined || a.path === undefined || a.method === undefined) {
          if (a.id) throw accessRuleNotFound(a.id);
          throw missingAttribute(
            a.service === undefined ? 'service' : a.path === undefined ? 'path' : 'method',
            'access_rule',
          );
        }
        const wanted = { service: a.service, path: a.path, method: a.method };
        found = await rulesRepo.findUserAccessRule(trx, userId, wanted);
        if (!found) {
          await rulesRepo.insertAccessRuleIfAbsent(trx, {
            id: a.id ?? newHexId(),
            user_id: userId,
            ...wanted,
            created_at: this.rt.clock().toISOString(),
          });
          found = await rulesRepo.findUserAccessRule(trx, userId, wanted);
          // the id was another user's: a fresh one
          if (!found) {
            await rulesRepo.insertAccessRuleIfAbsent(trx, {
              id: newHexId(),
              user_id: userId,
              ...wanted,
              created_at: this.rt.clock().toISOString(),
            });
            found = await rulesRepo.findUserAccessRule(trx, userId, wanted);
          }
        }
      }
      if (found && !out.some((r) => r.id === found.id))
        out.push({ id: found.id, service: found.service, path: found.path, method: found.method });
    }
    return out;
  }

  // ---- access rules (/v3/users/{user_id}/access_rules)

  async accessRules(
    ctx: RequestContext,
    userId: string,
    f: { service?: string; path?: string; method?: string },
  ): Promise<rulesRepo.AccessRuleRow[]> {
    this.assertNotDelegated(ctx);
    return rulesRepo.listAccessRules(this.db, userId, f);
  }

  async accessRule(ctx: RequestContext, userId: string, id: string): Promise<rulesRepo.AccessRuleRow> {
    this.assertNotDelegated(ctx);
    const row = await rulesRepo.findAccessRule(this.db, id);
    if (!row || row.user_id !== userId) throw accessRuleNotFound(id);
    return row;
  }

  /** Keystone refuses to delete a rule some credential still uses (403) */
  async deleteAccessRule(ctx: RequestContext, userId: string, id: string): Promise<void> {
    await this.accessRule(ctx, userId, id);
    if ((await rulesRepo.deleteUnusedAccessRule(this.db, userId, id)) === 0) {
      if (await rulesRepo.findAccessRule(this.db, id)) throw accessRuleInUse();
      throw accessRuleNotFound(id);
    }
  }

  /** keystone/api/users.py _block_delegated_token_app_creds: no trust-scoped tokens */
  private assertNotDelegated(ctx: RequestContext): void {
    if (this.rt.tokens.decode(ctx.authToken)?.trustId) throw delegatedAppCredManagement();
  }

  async list(userId: string, name?: string): Promise<repo.ApplicationCredentialRow[]> {
    await this.admin.user(userId);
    return repo.listApplicationCredentials(this.db, userId, name);
  }

  async get(userId: string, id: string): Promise<repo.ApplicationCredentialRow> {
    const row = await repo.findApplicationCredential(this.db, id);
    if (!row || row.user_id !== userId) throw appCredNotFound(id);
    return row;
  }

  /** Deletes the credential; the tokens made from it stop validating (the validator looks it up). */
  async delete(ctx: RequestContext, userId: string, id: string): Promise<void> {
    this.assertMayManage(ctx);
    if ((await repo.deleteApplicationCredential(this.db, userId, id)) === 0) throw appCredNotFound(id);
    this.rt.tokens.forgetAll();
  }
}
