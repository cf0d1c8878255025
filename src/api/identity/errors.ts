/** Keystone's error envelope: {"error": {"code", "title", "message"}}. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../domain/errors.js';
import { SchemaError } from '../../http/route-table.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

export function keystoneError(
  status: number,
  message: string,
): { error: { code: number; title: string; message: string } } {
  return { error: { code: status, title: TITLES[status] ?? 'Error', message } };
}

export function keystoneErrorFrom(err: unknown): { status: number; message: string } {
  if (err instanceof SchemaError) {
    const v = err.violation;
    // Keystone validates the object inside the envelope ({"domain": {...}}): a fault of that object
    // itself (a required property missing) has an empty path there, so no field prefix
    const bare = v.field === '' || (err.where === 'body' && v.depth <= 1);
    return { status: 400, message: bare ? v.message : `Invalid input for field '${v.field}': ${v.message}` };
  }
  if (isDomainError(err)) {
    if (err.code === 'MALFORMED_BODY')
      return {
        status: 400,
        message:
          'Expecting to find valid JSON in request body. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
      };
    // keystone/exception.py ForbiddenAction, instead of Nova's "Policy doesn't allow …"
    if (err.code === 'POLICY_NOT_AUTHORIZED')
      return {
        status: 403,
        message: `You are not authorized to perform the requested action: ${String(err.details.rule)}.`,
      };
    return { status: err.status, message: err.message };
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, message: 'Request is too large.' };
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, message: 'Unsupported Content-Type' };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
    return { status: fe.statusCode, message: fe.message };
  return { status: 500, message: 'An unexpected error prevented the server from fulfilling your request.' };
}

export function identityErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, message } = keystoneErrorFrom(err);
  if (status >= 500) request.log.error({ err }, 'unexpected error');
  if (status === 401) reply.header('www-authenticate', `Keystone uri="${request.protocol}://${request.host}/identity"`);
  return reply.code(status).type('application/json').send(keystoneError(status, message));
}
