/**
 * Keystone OS-EP-FILTER (keystone/api/os_ep_filter.py, keystone/catalog/core.py): endpoint groups
 * (a name and filters on service_id, region_id, interface), which projects they are associated
 * with, and endpoints associated with projects directly. A project's endpoints are its own plus
 * those its groups' filters match. The associations go with the project, endpoint or group
 * (foreign key cascades); adding one twice is a no-op. Like a Keystone without the endpoint_filter
 * catalog driver, tokens' catalogs are not filtered by these.
 */
import type { Runtime } from '../../runtime.js';
import { DomainError } from '../../domain/errors.js';
import { endpointGroupNotFound, idImmutable, missingAttribute } from '../../domain/identity/errors.js';
import { newHexId } from '../../lib/ids.js';
import * as repo from '../../store/repositories/endpoint-filter-repository.js';
import { CatalogService, type EndpointRow } from './catalog-service.js';
import { IdentityAdminService, type ProjectRow } from './identity-admin-service.js';

export type { EndpointGroupRow } from '../../store/repositories/endpoint-filter-repository.js';

export interface EndpointGroupInput {
  name?: string;
  description?: string | null;
  filters?: Record<string, unknown>;
  id?: string;
}

const FILTER_KEYS = ['service_id', 'region_id', 'interface'];
const notFound = (message: string) => new DomainError('IDENTITY_NOT_FOUND', 404, message);

function assertValidFilters(filters: Record<string, unknown>): void {
  for (const key of Object.keys(filters))
    if (!FILTER_KEYS.includes(key)) throw missingAttribute(FILTER_KEYS.join(' or '), 'endpoint_group');
}

export class EndpointFilterService {
  private readonly admin: IdentityAdminService;
  private readonly catalog: CatalogService;
  constructor(private readonly rt: Runtime) {
    this.admin = new IdentityAdminService(rt);
    this.catalog = new CatalogService(rt);
  }

  private get db() {
    return this.rt.store.db;
  }

  // ---- endpoint groups
  async create(input: EndpointGroupInput): Promise<repo.EndpointGroupRow> {
    if (!input.filters || Object.keys(input.filters).length === 0)
      throw new DomainError('BAD_REQUEST', 400, 'filters field is required and cannot be empty');
    assertValidFilters(input.filters);
    const row: repo.EndpointGroupRow = {
      id: newHexId(),
      name: input.name as string,
      description: input.description ?? null,
      filters: JSON.stringify(input.filters),
      created_at: this.rt.clock().toISOString(),
    };
    await repo.insertEndpointGroup(this.db, row);
    return row;
  }

  async get(id: string): Promise<repo.EndpointGroupRow> {
    const row = await repo.findEndpointGroup(this.db, id);
    if (!row) throw endpointGroupNotFound(id);
    return row;
  }

  async list(f: { name?: string }): Promise<repo.EndpointGroupRow[]> {
    return repo.listEndpointGroups(this.db, f);
  }

  async update(id: string, patch: EndpointGroupInput): Promise<repo.EndpointGroupRow> {
    if (patch.filters !== undefined) assertValidFilters(patch.filters);
    if (patch.id !== undefined && patch.id !== id) throw idImmutable();
    await this.get(id);
    const set: Parameters<typeof repo.updateEndpointGroup>[2] = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.filters !== undefined) set.filters = JSON.stringify(patch.filters);
    if ((await repo.updateEndpointGroup(this.db, id, set)) === 0) throw endpointGroupNotFound(id);
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    if ((await repo.deleteEndpointGroup(this.db, id)) === 0) throw endpointGroupNotFound(id);
  }

  /** the endpoints a group's filters match (every filter equal) */
  async groupEndpoints(id: string): Promise<EndpointRow[]> {
    const filters = JSON.parse((await this.get(id)).filters) as Record<string, unknown>;
    const all = await this.catalog.endpoints({});
    return all.filter((e) =>
      Object.entries(filters).every(([k, v]) => (e as unknown as Record<string, unknown>)[k] === v),
    );
  }

  async groupProjects(id: string): Promise<ProjectRow[]> {
    await this.get(id);
    return this.projects(await repo.projectsOfGroup(this.db, id));
  }

  private async projects(ids: string[]): Promise<ProjectRow[]> {
    const out: ProjectRow[] = [];
    for (const pid of ids) out.push(await this.admin.project(pid));
    return out;
  }

  // ---- endpoint group <-> project
  async addGroupToProject(groupId: string, projectId: string): Promise<void> {
    await this.admin.project(projectId);
    await this.get(groupId);
    try {
      await repo.addGroupProject(this.db, groupId, projectId);
    } catch (e) {
      // the group or project went meanwhile
      if (this.rt.store.adapter.isForeignKeyViolation(e)) throw endpointGroupNotFound(groupId);
      throw e;
    }
  }

  async groupInProject(groupId: string, projectId: string): Promise<{ endpoint_group_id: string; project_id: string }> {
    await this.admin.project(projectId);
    await this.get(groupId);
    if (!(await repo.hasGroupProject(this.db, groupId, projectId)))
      throw notFound('Endpoint Group Project Association not found');
    return { endpoint_group_id: groupId, project_id: projectId };
  }

  async removeGroupFromProject(groupId: string, projectId: string): Promise<void> {
    await this.admin.project(projectId);
    await this.get(groupId);
    if ((await repo.removeGroupProject(this.db, groupId, projectId)) === 0)
      throw notFound('Endpoint Group Project Association not found');
  }

  async projectGroups(projectId: string): Promise<repo.EndpointGroupRow[]> {
    return repo.listEndpointGroups(this.db, { ids: await repo.groupsOfProject(this.db, projectId) });
  }

  // ---- project <-> endpoint
  async addEndpointToProject(projectId: string, endpointId: string): Promise<void> {
    await this.catalog.endpoint(endpointId);
    await this.admin.project(projectId);
    try {
      await repo.addProjectEndpoint(this.db, projectId, endpointId);
    } catch (e) {
      if (this.rt.store.adapter.isForeignKeyViolation(e)) await this.catalog.endpoint(endpointId);
      throw e;
    }
  }

  async checkEndpointInProject(projectId: string, endpointId: string): Promise<void> {
    await this.catalog.endpoint(endpointId);
    await this.admin.project(projectId);
    if (!(await repo.hasProjectEndpoint(this.db, projectId, endpointId)))
      throw notFound(`Endpoint ${endpointId} not found in project ${projectId}`);
  }

  async removeEndpointFromProject(projectId: string, endpointId: string): Promise<void> {
    if ((await repo.removeProjectEndpoint(this.db, projectId, endpointId)) === 0)
      throw notFound(`Endpoint ${endpointId} not found in project ${projectId}`);
  }

  /** the project's endpoints: associated directly, then through its endpoint groups */
  async projectEndpoints(projectId: string): Promise<EndpointRow[]> {
    await this.admin.project(projectId);
    const out = new Map<string, EndpointRow>();
    for (const id of await repo.endpointsOfProject(this.db, projectId)) out.set(id, await this.catalog.endpoint(id));
    for (const g of await repo.groupsOfProject(this.db, projectId))
      for (const e of await this.groupEndpoints(g)) if (!out.has(e.id)) out.set(e.id, e);
    return [...out.values()];
  }

  async endpointProjects(endpointId: string): Promise<ProjectRow[]> {
    await this.catalog.endpoint(endpointId);
    return this.projects(await repo.projectsOfEndpoint(this.db, endpointId));
  }
}
