/**
 * Glance's interoperable image import and its discovery (glance/api/v2/discovery.py,
 * image_data.stage, images.import_image/get_task_info, tasks.py): this module translates the
 * requests; image-import-service owns the rules, the writes and the task.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { DomainError } from '../../domain/errors.js';
import {
  checkImportRequest,
  importMethods,
  listTasks,
  showTask,
  stageImageData,
  stagingEnabled,
  startImport,
  tasksOfImage,
} from '../../services/image/image-import-service.js';
import { bodyChunks, discardRest } from './image-data.js';
import { imageTooLarge } from '../../services/image/image-data-service.js';
import { imageTaskView, taskSummaryView, taskView } from './views/tasks.js';

const OCTET_STREAM = 'application/octet-stream';

/** GET /v2/info/stores without enabled_backends (a single store): Glance's 404 */
const noMultiStore = () => new DomainError('NOT_FOUND', 404, 'Multi backend is not supported at this site.');

/** the routes that read the request as JSON (or not at all) */
export function imageImportRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      // no rule: any authenticated caller
      method: 'GET',
      url: '/v2/info/import',
      handler: async () => ({
        'import-methods': { description: 'Import methods available.', type: 'array', value: importMethods(rt) },
      }),
    }),
    route({
      method: 'GET',
      url: '/v2/info/stores',
      handler: async () => {
        throw noMultiStore();
      },
    }),
    route({
      // get_stores first: without multiple stores the detail is the same 404, whatever the role
      method: 'GET',
      url: '/v2/info/stores/detail',
      policy: 'stores_info_detail',
      handler: async () => {
        throw noMultiStore();
      },
    }),
    route({
      // without use_keystone_limits Glance enforces no unified limits and reports none
      method: 'GET',
      url: '/v2/info/usage',
      handler: async () => ({ usage: {} }),
    }),
    route({
      // the body is checked before the image is read (Glance's deserializer); the rest is the service's
      method: 'POST',
      url: '/v2/images/:imageId/import',
      policy: 'modify_image',
      handler: async (request, reply) => {
        const req = checkImportRequest(rt, request.body);
        await startImport(rt, request.ctx, request.params.imageId, req);
        return reply.code(202).send();
      },
    }),
    route({
      // get_image on the image; an invisible or unknown image is a bare 404
      method: 'GET',
      url: '/v2/images/:imageId/tasks',
      policy: 'get_image',
      handler: async (request) => ({
        tasks: (await tasksOfImage(rt, request.ctx, request.params.imageId)).map(imageTaskView),
      }),
    }),
    route({
      method: 'GET',
      url: '/v2/tasks',
      policy: 'get_tasks',
      handler: async (request) => ({
        tasks: (await listTasks(rt, request.ctx)).map(taskSummaryView),
        first: '/v2/tasks',
        schema: '/v2/schemas/tasks',
      }),
    }),
    route({
      method: 'GET',
      url: '/v2/tasks/:taskId',
      policy: 'get_task',
      handler: async (request) => taskView(await showTask(rt, request.ctx, request.params.taskId)),
    }),
  ];
}

/** PUT /v2/images/{id}/stage: registered in the context that hands octet-stream bodies over as streams */
export function imageStageRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'PUT',
      url: '/v2/images/:imageId/stage',
      policy: 'modify_image',
      handler: async (request, reply) => {
        if (!stagingEnabled(rt)) {
          discardRest(request.body);
          throw new DomainError('NOT_FOUND', 404, "'glance-direct' method is not available at this site.");
        }
        const contentType = request.headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase();
        if (contentType !== OCTET_STREAM) {
          discardRest(request.body);
          throw new DomainError(
            'UNSUPPORTED_MEDIA_TYPE',
            415,
            `The request media type ${contentType ?? 'None'} is not supported by this server.`,
          );
        }
        const max = rt.config.image.maxUploadBytes;
        const declared = Number(request.headers['content-length'] ?? NaN);
        try {
          if (declared > max) throw imageTooLarge();
          await stageImageData(rt, request.ctx, request.params.imageId, bodyChunks(request.body), max);
        } catch (err) {
          discardRest(request.body);
          throw err;
        }
        return reply.code(204).send();
      },
    }),
  ];
}
