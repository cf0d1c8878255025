/** The Keystone v3 route table (paths relative to /identity). */
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { authTokenRoutes } from './auth-tokens.js';
import { authProjectRoutes } from './auth-projects.js';
import { projectRoutes } from './projects.js';
import { projectTagRoutes } from './project-tags.js';
import { userRoutes } from './users.js';
import { roleRoutes } from './roles.js';
import { roleAssignmentRoutes } from './role-assignments.js';
import { grantRoutes } from './grants.js';
import { scopedGrantRoutes } from './scoped-grants.js';
import { domainRoutes } from './domains.js';
import { withHeadRoutes } from './head-routes.js';
import { catalogRoutes } from './catalog.js';
import { applicationCredentialRoutes } from './application-credentials.js';
import { groupRoutes } from './groups.js';
import { trustRoutes } from './trusts.js';
import { credentialRoutes } from './credentials.js';
import { oauth1ConsumerRoutes } from './oauth1-consumers.js';
import { domainConfigRoutes } from './domain-configs.js';
import { policyRoutes } from './policies.js';
import { endpointGroupRoutes } from './endpoint-groups.js';

export function identityRoutes(rt: Runtime): RouteDef[] {
  return withHeadRoutes([
    ...authTokenRoutes(rt),
    ...authProjectRoutes(rt),
    ...projectRoutes(rt),
    ...projectTagRoutes(rt),
    ...userRoutes(rt),
    ...roleRoutes(rt),
    ...grantRoutes(rt),
    ...scopedGrantRoutes(rt),
    ...roleAssignmentRoutes(rt),
    ...domainRoutes(rt),
    ...catalogRoutes(rt),
    ...applicationCredentialRoutes(rt),
    ...groupRoutes(rt),
    ...trustRoutes(rt),
    ...credentialRoutes(rt),
    ...oauth1ConsumerRoutes(rt),
    ...domainConfigRoutes(rt),
    ...policyRoutes(rt),
    ...endpointGroupRoutes(rt),
  ]);
}
