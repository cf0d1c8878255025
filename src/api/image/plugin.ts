/** Glance v2 subset, mounted at /image: unauthenticated version discovery plus the images API. */
import { imagePropertyProtections } from '../../services/image/property-protection-service.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { parseJsonBody, registerJsonBodyParser } from '../../http/json-body.js';
import { registerRoutes } from '../../http/register-routes.js';
import { methodsForPath, type RegisteredRoute, pathOf } from '../../http/route-table.js';
import { baseUrl } from '../../http/base-url.js';
import { imageErrorHandler, sendGlanceError } from './errors.js';
import { imageRoutes } from './images.js';
import { imageDataRoutes, registerImageBodyParsers } from './image-data.js';
import { imageUpdateRoutes } from './image-update.js';
import { imageSharingRoutes } from './image-sharing.js';
import { imageSchemaRoutes } from './image-schemas.js';
import { metadefNamespaceRoutes } from './metadef-namespaces.js';
import { metadefContentRoutes } from './metadef-contents.js';
import { imageImportRoutes, imageStageRoutes } from './image-import.js';
import '../../http/fastify-types.js';

/**
 * glance/api/versions.py of Zed without multiple stores or the image cache: v2.15 is CURRENT, then
 * v2.9 and below (2.8 and 2.10–2.13 are listed only with enabled_backends); every entry links to
 * the one /v2/ endpoint.
 */
const VERSION_IDS: Array<[string, string]> = [
  ['v2.15', 'CURRENT'],
  ['v2.9', 'SUPPORTED'],
  ['v2.7', 'SUPPORTED'],
  ['v2.6', 'SUPPORTED'],
  ['v2.5', 'SUPPORTED'],
  ['v2.4', 'SUPPORTED'],
  ['v2.3', 'SUPPORTED'],
  ['v2.2', 'SUPPORTED'],
  ['v2.1', 'SUPPORTED'],
  ['v2.0', 'SUPPORTED'],
];

export function imageVersions(root: string): unknown {
  return {
    versions: VERSION_IDS.map(([id, status]) => ({ id, status, links: [{ rel: 'self', href: `${root}/v2/` }] })),
  };
}

export async function imagePlugin(
  app: FastifyInstance,
  opts: { rt: Runtime; registry: RegisteredRoute[] },
): Promise<void> {
  const { rt, registry } = opts;
  // a malformed property protection rule stops the start, as a bad property_protection_file does
  imagePropertyProtections(rt);
  registerJsonBodyParser(app);
  app.setErrorHandler(imageErrorHandler);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-openstack-request-id', request.id);
    return payload;
  });
  const root = (request: FastifyRequest) => `${baseUrl(rt.config, request)}/image`;
  // Glance answers the version list with 300 on "/" and 200 on "/versions"
  app.get('/', async (request, reply: FastifyReply) => reply.code(300).send(imageVersions(root(request))));
  app.get('/versions', async (request) => imageVersions(root(request)));
  registerRoutes(
    app,
    rt,
    [...imageRoutes(rt), ...imageSharingRoutes(rt), ...imageSchemaRoutes(), ...imageImportRoutes(rt)],
    registry,
  );
  // glanceclient sends its bodiless metadef DELETEs as application/octet-stream, and Glance's JSON
  // deserializer reads a metadef body whatever its type: in their own context, those are JSON
  await app.register(async (metadefs) => {
    metadefs.addContentTypeParser('application/octet-stream', { parseAs: 'string' }, parseJsonBody);
    registerRoutes(metadefs, rt, [...metadefNamespaceRoutes(rt), ...metadefContentRoutes(rt)], registry);
  });
  // the data routes take application/octet-stream bodies as streams, and PATCH both patch media
  // types; in their own context so that the other routes keep answering 415 to those bodies
  await app.register(async (data) => {
    registerImageBodyParsers(data);
    registerRoutes(data, rt, [...imageDataRoutes(rt), ...imageUpdateRoutes(rt), ...imageStageRoutes(rt)], registry);
  });
  app.setNotFoundHandler(async (request, reply) => {
    const path = pathOf(request.url);
    const methods = methodsForPath(registry, path);
    if (methods.length > 0) {
      reply.header('allow', methods.join(', '));
      return sendGlanceError(request, reply, 405, 'The method specified is not allowed for this resource.');
    }
    return sendGlanceError(request, reply, 404, 'The resource could not be found.');
  });
}
