/**
 * Keystone project tags (keystone/resource/core.py *_project_tag*): every call first resolves
 * the project, so an unknown project is Keystone's 404 before anything about its tags.
 */
import type { Runtime } from '../../runtime.js';
import { IdentityAdminService } from './identity-admin-service.js';
import * as tagsRepo from '../../store/repositories/identity-extras-repository.js';

export class ProjectTagService {
  private readonly admin: IdentityAdminService;
  constructor(private readonly rt: Runtime) {
    this.admin = new IdentityAdminService(rt);
  }

  async tags(projectId: string): Promise<string[]> {
    await this.admin.project(projectId);
    return (await tagsRepo.projectTags(this.rt.store.db, [projectId])).get(projectId) ?? [];
  }

  async replace(projectId: string, tags: readonly string[]): Promise<void> {
    await this.admin.project(projectId);
    await this.rt.store.transaction((trx) => tagsRepo.replaceProjectTags(trx, projectId, tags));
  }

  async add(projectId: string, tag: string): Promise<void> {
    await this.admin.project(projectId);
    await tagsRepo.addProjectTag(this.rt.store.db, projectId, tag);
  }

  /** False when the project has no such tag. */
  async remove(projectId: string, tag: string): Promise<boolean> {
    await this.admin.project(projectId);
    return (await tagsRepo.deleteProjectTag(this.rt.store.db, projectId, tag)) > 0;
  }
}
