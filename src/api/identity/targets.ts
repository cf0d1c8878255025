/**
 * Policy targets for Keystone routes that registerRoutes authorises. Keystone's admin rules look at
 * the caller's roles (and, for a few reads, at the project or user in the URL), never at a row, so
 * no target loads anything and the order 400 (schema) → 403 (policy) → 404 (lookup) holds.
 */
import type { PolicyTarget } from '../../policy/check.js';

/** No owner to compare: the rule looks at the caller's roles only (authorize's default target). */
export const rolesOnly = (): PolicyTarget => ({});
/** The project named in the URL (":id"), which a member may read. */
export const projectInUrl = (request: { params: { id: string } }): PolicyTarget => ({ project_id: request.params.id });
/** The user named in the URL (":id"), who may read themselves. */
export const userInUrl = (request: { params: { id: string } }): PolicyTarget => ({ user_id: request.params.id });
