/** The Mogan v1 route table (paths relative to /baremetal-compute/v1; bookmark paths without /v1 too). */
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { instanceRoutes } from './instances.js';
import { instanceStateRoutes } from './instance-states.js';

export function baremetalComputeRoutes(rt: Runtime): RouteDef[] {
  return [...instanceRoutes(rt), ...instanceStateRoutes(rt)];
}
