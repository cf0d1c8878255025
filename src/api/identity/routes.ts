/** The Keystone v3 route table (paths relative to /identity). */
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { authTokenRoutes } from './auth-tokens.js';

export function identityRoutes(rt: Runtime): RouteDef[] {
  return [
    ...authTokenRoutes(rt),
  ];
}
