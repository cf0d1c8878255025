/**
 * Role inference rules (keystone/assignment/core.py create_implied_role, the implied_role SQL
 * driver): PUT/GET/DELETE /v3/roles/{prior}/implies/{implied}, their lists and
 * GET /v3/role_inferences. Tokens carry the implied roles: validation recomputes a token's roles
 * (within the validator's refresh window everywhere, at once in this process), so a new or
 * removed rule needs no revocation event, as in Keystone, which only invalidates its caches.
 */
import type { Runtime } from '../../runtime.js';
import { assertImpliable } from '../../domain/identity/roles.js';
import { duplicateImpliedRole, impliedRoleNotFound } from '../../domain/identity/errors.js';
import * as repo from '../../store/repositories/implied-role-repository.js';
import { listRoles } from '../../store/repositories/identity-admin-repository.js';
import { IdentityAdminService, type RoleRow } from './identity-admin-service.js';

export interface RoleInference {
  prior: RoleRow;
  implies: RoleRow[];
}

export class ImpliedRoleService {
  private readonly admin: IdentityAdminService;
  constructor(private readonly rt: Runtime) {
    this.admin = new IdentityAdminService(rt);
  }

  private get db() {
    return this.rt.store.db;
  }

  /** Keystone looks up the implied role first, then the prior one (404 for the first missing). */
  async create(priorId: string, impliedId: string): Promise<{ prior: RoleRow; implied: RoleRow }> {
    const implied = await this.admin.role(impliedId);
    const prior = await this.admin.role(priorId);
    assertImpliable(prior, implied);
    try {
      await repo.insertImpliedRole(this.db, priorId, impliedId);
    } catch (e) {
      if (this.rt.store.adapter.isUniqueViolation(e)) throw duplicateImpliedRole();
      // a role deleted meanwhile: the foreign key refuses the row
      if (this.rt.store.adapter.isForeignKeyViolation(e)) {
        await this.admin.role(impliedId);
        await this.admin.role(priorId);
      }
      throw e;
    }
    this.rt.tokens.forgetAll();
    return { prior, implied };
  }

  /** The rule, 404 "X does not imply Y." when it is not there (roles unknown included). */
  async get(priorId: string, impliedId: string): Promise<{ prior: RoleRow; implied: RoleRow }> {
    if (!(await repo.findImpliedRole(this.db, priorId, impliedId))) throw impliedRoleNotFound(priorId, impliedId);
    return { prior: await this.admin.role(priorId), implied: await this.admin.role(impliedId) };
  }

  async remove(priorId: string, impliedId: string): Promise<void> {
    if ((await repo.deleteImpliedRole(this.db, priorId, impliedId)) === 0)
      throw impliedRoleNotFound(priorId, impliedId);
    this.rt.tokens.forgetAll();
  }

  /** The roles one role directly implies (GET /v3/roles/{prior}/implies); 404 for an unknown role. */
  async impliesOf(priorId: string): Promise<RoleInference> {
    const rules = await repo.listImpliedRoles(this.db, priorId);
    const prior = await this.admin.role(priorId);
    const byId = await this.rolesById();
    return { prior, implies: rules.map((r) => byId.get(r.implied_role_id)).filter((r): r is RoleRow => !!r) };
  }

  /** Every rule grouped by prior role (GET /v3/role_inferences). */
  async all(): Promise<RoleInference[]> {
    const byId = await this.rolesById();
    const out = new Map<string, RoleInference>();
    for (const rule of await repo.listImpliedRoles(this.db)) {
      const prior = byId.get(rule.prior_role_id);
      const implied = byId.get(rule.implied_role_id);
      if (!prior || !implied) continue;
      const entry = out.get(prior.id) ?? { prior, implies: [] };
      entry.implies.push(implied);
      out.set(prior.id, entry);
    }
    return [...out.values()];
  }

  private async rolesById(): Promise<Map<string, RoleRow>> {
    const roles = await listRoles(this.db, { anyDomain: true });
    return new Map(roles.map((r) => [r.id, r]));
  }
}
