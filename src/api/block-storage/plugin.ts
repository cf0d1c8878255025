/**
 * The Cinder v3 dialect, mounted at /volume: unauthenticated version discovery at /volume/ and
 * /volume/v3/, and the API under /volume/v3 and /volume/v3/{project_id} (both, as Cinder serves
 * them; the catalog advertises the project-less form). Every answer of the API carries the
 * negotiated "OpenStack-API-Version: volume 3.x".
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { registerJsonBodyParser } from '../../http/json-body.js';
import { registerRoutes } from '../../http/register-routes.js';
import { authenticate } from '../../http/auth-hook.js';
import { methodsForPath, pathOf, type RegisteredRoute, type RouteDef } from '../../http/route-table.js';
import { baseUrl } from '../../http/base-url.js';
import { malformedRequestUrl } from '../../domain/volumes/errors.js';
import { notFound } from '../../domain/errors.js';
import { blockStorageErrorHandler, cinderFault } from './errors.js';
import { negotiateVolume, volumeVersionEntry } from './microversions.js';
import { volumeRoutes } from './volumes.js';
import { volumeTypeRoutes } from './volume-types.js';
import { volumeTypeEncryptionRoutes } from './volume-type-encryption.js';
import { volumeTypeAccessRoutes } from './volume-type-access.js';
import { serviceRoutes } from './services.js';
import { hostRoutes } from './hosts.js';
import { schedulerStatsRoutes } from './scheduler-stats.js';
import { extensionRoutes } from './extensions.js';
import { qosSpecsRoutes } from './qos-specs.js';
import { quotaClassRoutes } from './quota-classes.js';
import { messageRoutes } from './messages.js';
import { snapshotRoutes } from './snapshots.js';
import { quotaRoutes } from './quotas.js';
import { availabilityZoneRoutes } from './availability-zones.js';
import { attachmentRoutes } from './attachments.js';
import { transferRoutes } from './transfers.js';
import { snapshotMetadataRoutes } from './snapshot-metadata.js';
import { snapshotActionRoutes } from './snapshot-actions.js';
import { backupRoutes } from './backups.js';
import { groupTypeRoutes } from './group-types.js';
import { groupRoutes } from './groups.js';
import { groupSnapshotRoutes } from './group-snapshots.js';
import '../../http/fastify-types.js';

export async function blockStoragePlugin(
  app: FastifyInstance,
  opts: { rt: Runtime; registry: RegisteredRoute[] },
): Promise<void> {
  const { rt, registry } = opts;
  registerJsonBodyParser(app);
  app.setErrorHandler(blockStorageErrorHandler);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-openstack-request-id', request.id);
    reply.header('x-compute-request-id', request.id);
    if (request.mv) {
      reply.header('openstack-api-version', `volume ${request.mv.toString()}`);
      reply.header('vary', 'OpenStack-API-Version');
    }
    return payload;
  });

  const root = (request: FastifyRequest) => `${baseUrl(rt.config, request)}/volume`;
  // GET / answers 300 Multiple Choices, /v3/ the same list with 200
  app.get('/', async (request, reply) => {
    // Cinder's versions app negotiates too, so its answer names the version (3.0 by default)
    try {
      request.mv = negotiateVolume(request.headers);
    } catch {
      // the version list answers whatever version was asked for
    }
    return reply.code(300).send({ versions: [volumeVersionEntry(root(request))] });
  });
  const v3doc = async (request: FastifyRequest) => {
    request.mv = negotiateVolume(request.headers);
    return { versions: [volumeVersionEntry(root(request))] };
  };
  app.get('/v3', v3doc);
  app.get('/v3/', v3doc);

  const before = (route: RouteDef<unknown>, request: FastifyRequest): void => {
    request.mv = negotiateVolume(request.headers);
    const params: unknown = request.params;
    const urlProject =
      typeof params === 'object' && params !== null && 'project_id' in params ? String(params.project_id) : undefined;
    if (urlProject !== undefined && urlProject !== request.ctx.projectId) throw malformedRequestUrl();
    // a route newer than the request's microversion does not exist for it (VersionNotFoundForAPIMethod)
    if (route.minVersion && !request.mv.atLeast(route.minVersion)) throw notFound();
  };

  await app.register(
    async (v3) => {
      registerRoutes(
        v3,
        rt,
        [
          ...volumeRoutes(rt),
          ...volumeTypeRoutes(rt),
          ...volumeTypeEncryptionRoutes(rt),
          ...volumeTypeAccessRoutes(rt),
          ...serviceRoutes(rt),
          ...hostRoutes(rt),
          ...schedulerStatsRoutes(rt),
          ...extensionRoutes(rt),
          ...qosSpecsRoutes(rt),
          ...quotaClassRoutes(rt),
          ...messageRoutes(rt),
          ...snapshotRoutes(rt),
          ...snapshotMetadataRoutes(rt),
          ...snapshotActionRoutes(rt),
          ...quotaRoutes(rt),
          ...availabilityZoneRoutes(rt),
          ...attachmentRoutes(rt),
          ...transferRoutes(rt),
          ...backupRoutes(rt),
          ...groupTypeRoutes(rt),
          ...groupRoutes(rt),
          ...groupSnapshotRoutes(rt),
        ],
        registry,
        {
          prefixes: ['', '/:project_id'],
          before,
        },
      );
    },
    { prefix: '/v3' },
  );

  app.setNotFoundHandler(async (request, reply) => {
    const path = pathOf(request.url);
    if (path.startsWith('/volume/v3/')) await authenticate(rt, request);
    const methods = methodsForPath(registry, path);
    if (methods.length > 0) {
      return reply
        .code(405)
        .header('allow', methods.join(', '))
        .type('application/json')
        .send(cinderFault(405, 'The method specified is not allowed for this resource.'));
    }
    return reply.code(404).type('application/json').send(cinderFault(404, 'The resource could not be found.'));
  });
}
