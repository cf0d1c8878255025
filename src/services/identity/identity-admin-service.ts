/**
 * Keystone's domains and projects (a domain is also a project acting as a domain), and the
 * lookups every identity service shares (domain, project, user, role by id, a user's projects).
 * Users are in user-admin-service.ts, roles in role-admin-service.ts. Disabling or deleting a
 * project revokes the tokens scoped to it, as Keystone does.
 */
import { first } from '../../lib/arrays.js';
import type { Runtime } from '../../runtime.js';
import {
  domainEnabledDelete,
  domainNotFound,
  domainTagsUnsupported,
  duplicateDomainName,
  duplicateProject,
  immutableAttribute,
  parentInOtherDomain,
  projectNotFound,
  projectNotLeaf,
  onlyRootProjectsAsDomains,
  referencedNotFound,
  roleNotFound,
  userNotFound,
} from '../../domain/identity/errors.js';
import { newHexId } from '../../lib/ids.js';
import { TokenRevocationService } from './token-revocation-service.js';
import { LockoutService } from './lockout-service.js';
import { PasswordPolicyService } from './password-policy-service.js';
import {
  findDomainById,
  findProjectById,
  findUserById,
  type DomainRow,
  type ProjectRow,
  type RoleRow,
  type UserRow,
} from '../../store/repositories/identity-repository.js';
import * as repo from '../../store/repositories/identity-admin-repository.js';
import * as extrasRepo from '../../store/repositories/identity-extras-repository.js';
import { extraOf, mergeExtras, withDuplicateCheck } from './identity-writes.js';

// the types and constants the HTTP layer needs, so that it never reaches into the store itself
export type { DomainRow, ProjectRow, RoleRow, UserRow } from '../../store/repositories/identity-repository.js';
export type {
  AssignmentRow,
  AssignmentFilter,
  GrantTarget,
  ListFilter,
} from '../../store/repositories/identity-admin-repository.js';
export { DEFAULT_DOMAIN_ID } from '../../store/seed.js';

export interface ProjectInput {
  name: string;
  domain_id?: string | null;
  description?: string | null;
  enabled?: boolean;
  parent_id?: string | null;
  is_domain?: boolean;
  tags?: string[];
  options?: Record<string, unknown>;
  [extra: string]: unknown;
}
export interface DomainInput {
  name: string;
  description?: string | null;
  enabled?: boolean;
  tags?: string[];
  [extra: string]: unknown;
}

// the attributes Keystone's schemas name; anything else is kept as an "extra" property
const PROJECT_FIELDS = new Set([
  'id',
  'name',
  'domain_id',
  'description',
  'enabled',
  'parent_id',
  'is_domain',
  'tags',
  'options',
  'links',
]);

export interface ProjectDetails {
  row: ProjectRow;
  tags: string[];
  extra: Record<string, unknown>;
  /** a domain seen through /v3/projects (Keystone stores domains as projects with is_domain) */
  isDomain: boolean;
}

/** a domain as a project acting as a domain: no domain and no parent of its own */
function domainAsProject(d: DomainRow): ProjectDetails {
  return {
    row: {
      id: d.id,
      name: d.name,
      domain_id: d.id,
      description: d.description,
      enabled: d.enabled,
      parent_id: null,
      created_at: d.created_at,
    },
    tags: [],
    extra: {},
    isDomain: true,
  };
}

export class IdentityAdminService {
  private readonly revocations: TokenRevocationService;
  private readonly lockout: LockoutService;
  private readonly passwords: PasswordPolicyService;
  constructor(private readonly rt: Runtime) {
    this.revocations = new TokenRevocationService(rt);
    this.lockout = new LockoutService(rt);
    this.passwords = new PasswordPolicyService(rt);
  }

  private get db() {
    return this.rt.store.db;
  }

  private async domainConflict(fn: () => Promise<void>, name: string): Promise<void> {
    try {
      await fn();
    } catch (e) {
      if (this.rt.store.adapter.isUniqueViolation(e)) throw duplicateDomainName(name);
      throw e;
    }
  }

  async domain(id: string): Promise<DomainRow> {
    const d = await findDomainById(this.db, id);
    if (!d) throw domainNotFound(id);
    return d;
  }

  async project(id: string): Promise<ProjectRow> {
    const p = await findProjectById(this.db, id);
    if (!p) throw projectNotFound(id);
    return p;
  }

  async user(id: string): Promise<UserRow> {
    const u = await findUserById(this.db, id);
    if (!u) throw userNotFound(id);
    return u;
  }

  /** Tags and extra properties of projects, for their views. */
  async projectDetails(rows: readonly ProjectRow[]): Promise<ProjectDetails[]> {
    const ids = rows.map((r) => r.id);
    const [tags, extra] = await Promise.all([
      extrasRepo.projectTags(this.db, ids),
      extrasRepo.extras(this.db, 'project', ids),
    ]);
    return rows.map((row) => ({
      row,
      tags: tags.get(row.id) ?? [],
      extra: extra.get(row.id) ?? {},
      isDomain: false,
    }));
  }

  /** GET /v3/projects/{id}: a project, or a domain (a project acting as a domain in Keystone) */
  async projectOrDomain(id: string): Promise<ProjectDetails> {
    const p = await findProjectById(this.db, id);
    if (p) return first(await this.projectDetails([p]));
    const d = await findDomainById(this.db, id);
    if (!d) throw projectNotFound(id);
    return domainAsProject(d);
  }

  /** GET /v3/projects?is_domain=true: the domains, as projects acting as domains */
  async domainProjects(filter: { name?: string; enabled?: boolean }): Promise<ProjectDetails[]> {
    return (await repo.listDomains(this.db, filter)).map(domainAsProject);
  }

  async listProjects(filter: repo.ListFilter & { parentId?: string }): Promise<ProjectRow[]> {
    return repo.listProjects(this.db, filter);
  }

  async listDomains(filter: { name?: string; enabled?: boolean }): Promise<DomainRow[]> {
    return repo.listDomains(this.db, filter);
  }

  /** Projects on which the user holds any role. */
  async projectsOfUser(userId: string): Promise<ProjectRow[]> {
    return repo.projectsOfUser(this.db, userId);
  }

  /** Domains on which the user holds any domain-level role. */
  async domainsOfUser(userId: string): Promise<DomainRow[]> {
    return repo.domainsOfUser(this.db, userId);
  }

  async rolesOfUserOn(userId: string, target: repo.GrantTarget): Promise<RoleRow[]> {
    return repo.rolesOfUserOn(this.db, userId, target);
  }

  async role(id: string): Promise<RoleRow> {
    const r = await repo.findRoleById(this.db, id);
    if (!r) throw roleNotFound(id);
    return r;
  }

  async createDomain(input: DomainInput): Promise<DomainRow> {
    if (input.tags?.length) throw domainTagsUnsupported();
    const row: DomainRow = {
      id: newHexId(),
      name: input.name,
      description: input.description ?? '',
      enabled: input.enabled === false ? 0 : 1,
      created_at: this.rt.clock().toISOString(),
    };
    // the name is unique by the domains table's constraint
    await this.domainConflict(() => repo.insertDomain(this.db, row), row.name);
    return row;
  }

  async updateDomain(id: string, patch: Partial<DomainInput>): Promise<DomainRow> {
    const before = await this.domain(id);
    if (patch.tags?.length) throw domainTagsUnsupported();
    const set: Parameters<typeof repo.updateDomain>[2] = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description ?? '';
    if (patch.enabled !== undefined) set.enabled = patch.enabled ? 1 : 0;
    await this.domainConflict(() => repo.updateDomain(this.db, id, set), patch.name ?? before.name);
    // the validator refuses tokens of a disabled domain's users and projects; drop what this
    // process cached so that it does at once (other processes within their refresh window)
    if (patch.enabled === false) this.rt.tokens.forgetAll();
    return this.domain(id);
  }

  /** keystone/resource/core.py delete_domain: only a disabled domain, with everything in it. */
  async deleteDomain(id: string): Promise<void> {
    const outcome = await this.rt.store.transaction((trx) => repo.deleteDisabledDomain(trx, id));
    if (outcome === 'missing') throw domainNotFound(id);
    if (outcome === 'enabled') throw domainEnabledDelete();
    this.rt.tokens.forgetAll();
  }

  /**
   * POST /v3/projects. With is_domain, Keystone creates a domain (a root project acting as one):
   * it may have neither a domain nor a parent
   */
  async createProject(input: ProjectInput, defaultDomainId: string): Promise<ProjectDetails> {
    if (input.is_domain) {
      if (input.domain_id || input.parent_id) throw onlyRootProjectsAsDomains();
      const { name, description, enabled, tags } = input;
      return domainAsProject(await this.createDomain({ name, description, enabled, tags }));
    }
    let domainId = input.domain_id ?? null;
    let parentId = input.parent_id ?? null;
    // keystone/api/projects.py post: DomainNotFound/ProjectNotFound become a 400 ValidationError
    if (parentId) {
      const parent = await findProjectById(this.db, parentId);
      if (!parent) throw referencedNotFound('project', parentId);
      domainId ??= parent.domain_id;
      if (parent.domain_id !== domainId) throw parentInOtherDomain();
    }
    domainId ??= defaultDomainId;
    const domain = await findDomainById(this.db, domainId);
    if (!domain) throw referencedNotFound('domain', domainId);
    // top-level projects have the domain as parent (keystone/api/projects.py post)
    parentId ??= domainId;
    const row: ProjectRow = {
      id: newHexId(),
      name: input.name,
      domain_id: domainId,
      description: input.description ?? '',
      enabled: input.enabled === false ? 0 : 1,
      parent_id: parentId,
      created_at: this.rt.clock().toISOString(),
    };
    const extra = extraOf(input, PROJECT_FIELDS);
    try {
      await this.rt.store.transaction(async (trx) => {
        await repo.insertProject(trx, row);
        if (input.tags?.length) await extrasRepo.replaceProjectTags(trx, row.id, input.tags);
        if (Object.keys(extra).length > 0) await extrasRepo.setExtras(trx, 'project', row.id, extra);
      });
    } catch (e) {
      // keystone/resource/core.py create_project rewords the store's conflict for projects
      if (this.rt.store.adapter.isUniqueViolation(e)) throw duplicateProject(row.name, row.id);
      throw e;
    }
    return first(await this.projectDetails([row]));
  }

  /** PATCH /v3/projects/{id}; a domain's id updates the domain (name, description, enabled) */
  async updateProject(id: string, patch: Partial<ProjectInput>): Promise<ProjectDetails> {
    const before = await findProjectById(this.db, id);
    if (!before && (await findDomainById(this.db, id))) {
      if (patch.is_domain === false) throw immutableAttribute('is_domain');
      for (const field of ['domain_id', 'parent_id'] as const)
        if (patch[field] !== undefined && patch[field] !== null) throw immutableAttribute(field);
      const { name, description, enabled, tags } = patch;
      return domainAsProject(await this.updateDomain(id, { name, description, enabled, tags }));
    }
    if (!before) throw projectNotFound(id);
    // keystone/resource/core.py update_project: the hierarchy and domain are fixed at creation
    for (const field of ['domain_id', 'parent_id', 'is_domain'] as const) {
      const current = field === 'is_domain' ? false : before[field];
      if (patch[field] !== undefined && patch[field] !== current) throw immutableAttribute(field);
    }
    const set: Parameters<typeof repo.updateProject>[2] = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description ?? '';
    if (patch.enabled !== undefined) set.enabled = patch.enabled ? 1 : 0;
    // handle_conflicts names the domain only when the update body carried domain_id
    const extra = extraOf(patch, PROJECT_FIELDS);
    await withDuplicateCheck(
      this.rt,

      () =>
        this.rt.store.transaction(async (trx) => {
          await repo.updateProject(trx, id, set);
          if (patch.tags !== undefined) await extrasRepo.replaceProjectTags(trx, id, patch.tags);
          if (Object.keys(extra).length > 0) await mergeExtras(trx, 'project', id, extra);
        }),
      'project',
      patch.name ?? before.name,
      patch.domain_id ?? null,
    );
    if (before.enabled && patch.enabled === false) await this.revokeProjectTokens(id);
    return first(await this.projectDetails([await this.project(id)]));
  }

  /** DELETE /v3/projects/{id}; a domain's id deletes the (disabled) domain, as Keystone does */
  async deleteProject(id: string): Promise<void> {
    if (!(await findProjectById(this.db, id)) && (await findDomainById(this.db, id))) return this.deleteDomain(id);
    await this.project(id);
    if ((await repo.listProjects(this.db, { parentId: id })).length > 0) {
      throw projectNotLeaf(id);
    }
    await this.revokeProjectTokens(id);
    await this.rt.store.transaction(async (trx) => {
      await extrasRepo.deleteExtras(trx, 'project', id);
      if ((await repo.deleteProject(trx, id)) === 0) throw projectNotFound(id);
    });
  }

  private async revokeProjectTokens(projectId: string): Promise<void> {
    for (const userId of await repo.userIdsOnProject(this.db, projectId))
      await this.revocations.revokeUserTokens(userId, projectId);
  }
}
