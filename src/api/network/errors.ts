/**
 * Neutron's error envelope {"NeutronError": {"type", "message", "detail"}} (neutron/api/v2/base.py,
 * neutron/pecan_wsgi/hooks/translation.py). 401 comes from keystonemiddleware, in its own shape.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../domain/errors.js';

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'HTTPBadRequest',
  403: 'HTTPForbidden',
  404: 'HTTPNotFound',
  405: 'HTTPMethodNotAllowed',
  409: 'HTTPConflict',
  413: 'HTTPRequestEntityTooLarge',
  415: 'HTTPUnsupportedMediaType',
};

export const neutronBody = (type: string, message: string) => ({ NeutronError: { type, message, detail: '' } });

export function neutronError(err: unknown): { status: number; type: string; message: string } {
  if (isDomainError(err)) {
    const type =
      (typeof err.details.type === 'string' ? err.details.type : undefined) ??
      (err.code === 'POLICY_NOT_AUTHORIZED'
        ? 'PolicyNotAuthorized'
        : (TYPE_BY_STATUS[err.status] ?? 'HTTPInternalServerError'));
    const message = err.code === 'MALFORMED_BODY' ? 'Body contains invalid data' : err.message;
    return { status: err.status, type, message };
  }
  const fe = err as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return { status: 415, type: 'HTTPUnsupportedMediaType', message: 'Unsupported Content-Type' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, type: 'HTTPRequestEntityTooLarge', message: 'Request is too large.' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      // neutron/pecan_wsgi/hooks/body_validation.py
      return { status: 400, type: 'HTTPBadRequest', message: 'Body contains invalid data' };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, type: TYPE_BY_STATUS[fe.statusCode] ?? 'HTTPBadRequest', message: fe.message };
  }
  return {
    status: 500,
    type: 'HTTPInternalServerError',
    message: 'Request Failed: internal server error while processing your request.',
  };
}

/**
 * Routes served by neutron/api/v2/resource.py's legacy Resource rather than pecan (the tags
 * extension): its deserializer words an unreadable body as MalformedRequestBody.
 */
const isLegacyResource = (request: FastifyRequest) => /\/tags(\/:tag)?$/.test(request.routeOptions.url ?? '');

function errorFor(err: unknown, request: FastifyRequest): { status: number; type: string; message: string } {
  const e = neutronError(err);
  if (e.message === 'Body contains invalid data' && isLegacyResource(request)) {
    return { ...e, type: 'MalformedRequestBody', message: 'Malformed request body: Cannot understand JSON.' };
  }
  return e;
}

export function networkErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, type, message } = errorFor(err, request);
  if (status >= 500) request.log.error({ err }, 'unexpected error');
  if (status === 401) {
    return reply
      .code(401)
      .header('www-authenticate', `Keystone uri="${request.protocol}://${request.host}/identity"`)
      .type('application/json')
      .send({
        error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
      });
  }
  return reply.code(status).type('application/json').send(neutronBody(type, message));
}
