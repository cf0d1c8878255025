/**
 * Glance errors are webob HTTPExceptions: JSON {"message", "code": "404 Not Found", "title"} when the
 * client accepts application/json, otherwise text/plain "404 Not Found\n\n<explanation>\n\n   ".
 * keystonemiddleware answers 401 itself, in Keystone's envelope.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, badRequest, isDomainError } from '../../domain/errors.js';
import { pyRepr } from '../../lib/python-repr.js';
import { SchemaError } from '../../http/route-table.js';
import { notAuthorized } from '../../services/image/image-service.js';

// ---- the catalogue: errors this dialect raises itself, one wording each ----

/** webob's HTTPUnsupportedMediaType with Glance's InvalidContentType detail (image data) */
export const invalidContentType = (contentType: string | undefined): DomainError =>
  new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, `Invalid content type ${contentType ?? 'None'}`);
/** the PATCH deserializer's 415, naming the patch media types it takes */
export const patchMediaTypeExpected = (types: string): DomainError =>
  new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, `Image PATCH expects Content-Type one of: ${types}`);

/**
 * PUT …/tags/{tag} with a tag over the image schema's 255 characters: Glance validates
 * {"tags": [tag]} against its image schema and prints python-jsonschema's whole error.
 */
export const tagTooLong = (tag: string): DomainError => {
  const r = pyRepr(tag);
  return badRequest(
    `Provided object does not match schema 'image': ${r} is too long\n\n` +
      `Failed validating 'maxLength' in schema['properties']['tags']['items']:\n    {'maxLength': 255, 'type': 'string'}\n\n` +
      `On instance['tags'][0]:\n    ${r}`,
  );
};

// ---- rendering ----

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

export function glanceErrorFrom(err: unknown): { status: number; message: string } {
  if (err instanceof SchemaError) {
    const v = err.violation;
    return { status: 400, message: `Provided object does not match schema 'image': ${v.message}` };
  }
  if (isDomainError(err)) {
    if (err.code === 'MALFORMED_BODY') return { status: 400, message: 'Malformed JSON in request body.' };
    // a rule the route table checked: Glance words every policy refusal this way
    if (err.code === 'POLICY_NOT_AUTHORIZED' && typeof err.details.rule === 'string') {
      return { status: 403, message: notAuthorized(err.details.rule).message };
    }
    return { status: err.status, message: err.message };
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, message: 'Request is too large.' };
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return { status: 415, message: 'The request has media type which is not supported.' };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
    return { status: fe.statusCode, message: fe.message };
  return { status: 500, message: 'The server has either erred or is incapable of performing the requested operation.' };
}

export function sendGlanceError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
): FastifyReply {
  const title = TITLES[status] ?? 'Error';
  if (status === 401) {
    reply.header('www-authenticate', `Keystone uri="${request.protocol}://${request.host}/identity"`);
    return reply
      .code(401)
      .type('application/json')
      .send({ error: { code: 401, title, message } });
  }
  const accept = String(request.headers.accept ?? '');
  if (accept.includes('application/json')) {
    return reply
      .code(status)
      .type('application/json; charset=UTF-8')
      .send({ message: `${message}<br /><br />\n\n\n`, code: `${status} ${title}`, title });
  }
  return reply.code(status).type('text/plain; charset=UTF-8').send(`${status} ${title}\n\n${message}\n\n   `);
}

export function imageErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, message } = glanceErrorFrom(err);
  if (status >= 500) request.log.error({ err }, 'unexpected error');
  return sendGlanceError(request, reply, status, message);
}
