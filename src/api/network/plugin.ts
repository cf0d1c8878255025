/**
 * The Neutron v2.0 subset, mounted at /network. Encapsulated: its own body parser, error envelope
 * and not-found/405 handling. No microversions in Neutron.
 *
 * Limitations (docs/compatibility.md "Network"): networks, subnets, ports, security groups and
 * their rules, routers, floating IPs, quotas and tags.
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { registerJsonBodyParser } from '../../http/json-body.js';
import { registerRoutesWith } from '../../http/register-routes.js';
import { neutronAuthorize } from '../../policy/network-rules.js';
import { methodsForPath, type RegisteredRoute, pathOf } from '../../http/route-table.js';
import { networkErrorHandler, neutronBody } from './errors.js';
import { extensionRoutes, networkRoot, versionsDocument } from './extensions.js';
import { networkRoutes } from './networks.js';
import { subnetRoutes } from './subnets.js';
import { portRoutes } from './ports.js';
import { securityGroupRoutes } from './security-groups.js';
import { securityGroupRuleRoutes } from './security-group-rules.js';
import { routerRoutes } from './routers.js';
import { floatingIpRoutes } from './floating-ips.js';
import { quotaRoutes } from './quotas.js';
import { subnetPoolRoutes } from './subnet-pools.js';
import { addressScopeRoutes } from './address-scopes.js';
import { meteringRoutes } from './metering.js';
import { rbacPolicyRoutes } from './rbac-policies.js';
import { networkIpAvailabilityRoutes } from './network-ip-availability.js';
import { agentRoutes } from './agents.js';
import { segmentRoutes } from './segments.js';
import { agentSchedulingRoutes } from './agent-scheduling.js';
import { availabilityZoneRoutes } from './availability-zones.js';
import { serviceProviderRoutes } from './service-providers.js';
import { tagRoutes } from './tags.js';
import '../../http/fastify-types.js';

export interface NetworkPluginOptions {
  rt: Runtime;
  registry: RegisteredRoute[];
}

export async function networkPlugin(app: FastifyInstance, opts: NetworkPluginOptions): Promise<void> {
  const { rt, registry } = opts;
  registerJsonBodyParser(app);
  app.setErrorHandler(networkErrorHandler);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-openstack-request-id', request.id);
    return payload;
  });

  // unauthenticated version discovery (neutron/pecan_wsgi/controllers/root.py)
  app.get('/', async (request) => versionsDocument(networkRoot(rt, request)));

  const routes = [
    ...extensionRoutes(rt),
    ...networkRoutes(rt),
    ...subnetRoutes(rt),
    ...portRoutes(rt),
    ...securityGroupRoutes(rt),
    ...securityGroupRuleRoutes(rt),
    ...routerRoutes(rt),
    ...floatingIpRoutes(rt),
    ...quotaRoutes(rt),
    ...subnetPoolRoutes(rt),
    ...addressScopeRoutes(rt),
    ...meteringRoutes(rt),
    ...rbacPolicyRoutes(rt),
    ...networkIpAvailabilityRoutes(rt),
    ...agentRoutes(rt),
    ...segmentRoutes(rt),
    ...agentSchedulingRoutes(rt),
    ...availabilityZoneRoutes(rt),
    ...serviceProviderRoutes(rt),
    ...tagRoutes(rt),
  ];
  // pecan serves collections with a trailing slash too (/v2.0/networks/); without these routes
  // that URL would reach /networks/:networkId with an empty id
  const collections = routes
    .filter((r) => r.url !== '/' && !r.url.includes(':'))
    .map((r) => ({ ...r, url: `${r.url}/` }));
  await app.register(
    async (v20) => {
      registerRoutesWith(v20, rt, [...routes, ...collections], registry, {}, neutronAuthorize);
    },
    { prefix: '/v2.0' },
  );

  app.setNotFoundHandler(async (request, reply) => {
    const path = pathOf(request.url);
    const methods = methodsForPath(registry, path);
    if (methods.length > 0) {
      return reply
        .code(405)
        .header('allow', methods.join(', '))
        .type('application/json')
        .send(
          neutronBody(
            'HTTPMethodNotAllowed',
            'The server could not comply with the request since it is either malformed or otherwise incorrect.',
          ),
        );
    }
    return reply
      .code(404)
      .type('application/json')
      .send(neutronBody('HTTPNotFound', 'The resource could not be found.'));
  });
}
