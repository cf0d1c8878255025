/**
 * Cinder's fault envelope (cinder/api/openstack/wsgi.py Fault): {"<faultName>": {"code", "message"}},
 * with computeFault for statuses without a name (406, 500). Schema messages are worded like Nova's,
 * since Cinder's validator is the same code.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../domain/errors.js';
import { SchemaError } from '../../http/route-table.js';
import { novaBodyMessage, novaQueryMessage } from '../../http/validation.js';

const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

export function cinderFault(
  status: number,
  message: string,
  retryAfter?: string,
): Record<string, { code: number; message: string; retryAfter?: string }> {
  const fault = retryAfter === undefined ? { code: status, message } : { code: status, message, retryAfter };
  return { [FAULT_NAMES[status] ?? 'computeFault']: fault };
}

export function cinderError(err: unknown): { status: number; message: string; retryAfter?: string } {
  if (err instanceof SchemaError) {
    return {
      status: 400,
      message: err.where === 'body' ? novaBodyMessage(err.violation) : novaQueryMessage(err.violation),
    };
  }
  if (isDomainError(err)) {
    if (err.code === 'MALFORMED_BODY') return { status: 400, message: 'Malformed request body' };
    // quota faults (413) carry Cinder's retryAfter
    const retryAfter = typeof err.details.retryAfter === 'string' ? err.details.retryAfter : undefined;
    return retryAfter === undefined
      ? { status: err.status, message: err.message }
      : { status: err.status, message: err.message, retryAfter };
  }
  const fe = err as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return { status: 415, message: 'Unsupported Content-Type' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: 'Request is too large.' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, message: 'Malformed request body' };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
    return { status: fe.statusCode, message: fe.message };
  return { status: 500, message: 'The server has either erred or is incapable of performing the requested operation.' };
}

export function blockStorageErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, message, retryAfter } = cinderError(err);
  if (status >= 500) request.log.error({ err }, 'unexpected error');
  if (status === 401) reply.header('www-authenticate', `Keystone uri="${request.protocol}://${request.host}/identity"`);
  return reply
    .code(status)
    .type('application/json')
    .send(cinderFault(status, message, retryAfter));
}
