/**
 * Keystone trusts (keystone/trust/core.py, api/trusts.py): a trustor delegates some of its roles
 * on a project to a trustee, who gets tokens scoped by the trust (as the trustor when
 * impersonating). A trust's token carries the trust's roles (with the roles they imply) as long
 * as the trust exists, has not expired, and the trustor still holds every one of them; deleting
 * the trust stops its tokens. Redelegation is not offered.
 */
import type { Runtime } from '../../runtime.js';
import type { DbOrTrx } from '../../store/database.js';
import {
  expiryInPast,
  identityNotFound,
  roleNameNotDefined,
  roleNotFound,
  userNotFound,
  projectNotFound,
  badTimestamp,
  delegatedTokenForbidden,
} from '../../domain/identity/errors.js';
import { expandImpliedRoles } from '../../domain/identity/roles.js';
import { isExpired } from '../../domain/identity/application-credentials.js';
import { newHexId } from '../../lib/ids.js';
import {
  findProjectById,
  findUserById,
  roleNamesFor,
  type RoleRow,
} from '../../store/repositories/identity-repository.js';
import * as repo from '../../store/repositories/trust-repository.js';

export type { TrustRow } from '../../store/repositories/trust-repository.js';

export interface TrustInput {
  trustor_user_id: string;
  trustee_user_id: string;
  impersonation: boolean;
  project_id?: string | null;
  roles?: Array<{ id?: string; name?: string }>;
  expires_at?: string | null;
  remaining_uses?: number | null;
}

export const trustNotFound = (id: string) => identityNotFound('trust', id);

const roleIdsOf = (t: repo.TrustRow): string[] => JSON.parse(t.roles) as string[];

/**
 * The roles a token of this trust carries now, or null when the trust no longer gives any
 * (expired, or the trustor lost one of its roles on the project).
 */
export async function effectiveTrustRoles(db: DbOrTrx, t: repo.TrustRow, now: Date): Promise<RoleRow[] | null> {
  if (isExpired(t, now) || !t.project_id) return null;
  const held = expandImpliedRoles(
    (await roleNamesFor(db, t.trustor_user_id, { projectId: t.project_id })).map((r) => r.name),
  );
  const ids = roleIdsOf(t);
  if (ids.length === 0) return null;
  const delegated = await db.selectFrom('roles').selectAll().where('id', 'in', ids).execute();
  if (delegated.length !== ids.length || !delegated.every((r) => held.includes(r.name))) return null;
  const names = expandImpliedRoles(delegated.map((r) => r.name));
  return db.selectFrom('roles').selectAll().where('name', 'in', names).orderBy('name').execute();
}

export class TrustService {
  constructor(private readonly rt: Runtime) {}

  private get db() {
    return this.rt.store.db;
  }

  async trust(id: string): Promise<repo.TrustRow> {
    const t = await repo.findTrust(this.db, id);
    if (!t || isExpired(t, this.rt.clock())) throw trustNotFound(id);
    return t;
  }

  async list(filter: { trustorUserId?: string; trusteeUserId?: string }): Promise<repo.TrustRow[]> {
    const now = this.rt.clock();
    return (await repo.listTrusts(this.db, filter)).filter((t) => !isExpired(t, now));
  }

  async roles(t: repo.TrustRow): Promise<RoleRow[]> {
    const ids = roleIdsOf(t);
    return ids.length ? this.db.selectFrom('roles').selectAll().where('id', 'in', ids).orderBy('name').execute() : [];
  }

  /** one of the trust's roles (keystone/api/trusts.py RoleForTrustResource): RoleNotFound otherwise */
  async role(t: repo.TrustRow, roleId: string): Promise<RoleRow> {
    const role = roleIdsOf(t).includes(roleId)
      ? await this.db.selectFrom('roles').selectAll().where('id', '=', roleId).executeTakeFirst()
      : undefined;
    if (!role) throw roleNotFound(roleId);
    return role;
  }

  /** callerToken: the token of the request; one issued through a trust cannot create another */
  async create(input: TrustInput, callerToken: string): Promise<repo.TrustRow> {
    if (this.rt.tokens.decode(callerToken)?.trustId) throw delegatedTokenForbidden();
    const db = this.db;
    if (!(await findUserById(db, input.trustor_user_id))) throw userNotFound(input.trustor_user_id);
    if (!(await findUserById(db, input.trustee_user_id))) throw userNotFound(input.trustee_user_id);
    const projectId = input.project_id ?? null;
    if (projectId !== null && !(await findProjectById(db, projectId))) throw projectNotFound(projectId);
    let expiresAt: string | null = null;
    if (input.expires_at) {
      const t = Date.parse(input.expires_at);
      if (Number.isNaN(t)) throw badTimestamp();
      if (t <= this.rt.clock().getTime()) throw expiryInPast();
      expiresAt = new Date(t).toISOString();
    }
    // each role by id or name, and the trustor must hold it on the project (Keystone: 404 role)
    const held = projectId
      ? expandImpliedRoles((await roleNamesFor(db, input.trustor_user_id, { projectId })).map((r) => r.name))
      : [];
    const ids: string[] = [];
    for (const ref of input.roles ?? []) {
      const role = ref.id
        ? await db.selectFrom('roles').selectAll().where('id', '=', ref.id).executeTakeFirst()
        : await db
            .selectFrom('roles')
            .selectAll()
            .where('name', '=', ref.name ?? '')
            .executeTakeFirst();
      if (!role) throw ref.id ? roleNotFound(ref.id) : roleNameNotDefined(ref.name ?? '');
      if (!held.includes(role.name)) throw roleNotFound(role.id);
      if (!ids.includes(role.id)) ids.push(role.id);
    }
    const row: repo.TrustRow = {
      id: newHexId(),
      trustor_user_id: input.trustor_user_id,
      trustee_user_id: input.trustee_user_id,
      project_id: projectId,
      impersonation: input.impersonation ? 1 : 0,
      expires_at: expiresAt,
      remaining_uses: input.remaining_uses ?? null,
      roles: JSON.stringify(ids),
      created_at: this.rt.clock().toISOString(),
    };
    await repo.insertTrust(db, row);
    return row;
  }

  /** Deletes the trust; its tokens stop at once here and within the validation window elsewhere. */
  async delete(id: string): Promise<void> {
    await this.trust(id);
    if ((await repo.deleteTrust(this.db, id)) === 0) throw trustNotFound(id);
    this.rt.tokens.forgetAll();
  }
}
