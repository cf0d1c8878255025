/** Nova's fault envelope: {"<faultName>": {"code": N, "message": "…"}} (nova/api/openstack/wsgi.py Fault). */
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

export const faultName = (status: number): string => FAULT_NAMES[status] ?? 'computeFault';

export function faultBody(status: number, message: string): Record<string, { code: number; message: string }> {
  return { [faultName(status)]: { code: status, message } };
}

/** Maps any error to a status and Nova message; never lets a client mistake become a 500. */
export function novaError(err: unknown): { status: number; message: string } {
  if (err instanceof SchemaError) {
    return {
      status: 400,
      message: err.where === 'body' ? novaBodyMessage(err.violation) : novaQueryMessage(err.violation),
    };
  }
  if (isDomainError(err)) return { status: err.status, message: err.message };
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
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, message: fe.message };
  }
  return {
    status: 500,
    message: `Unexpected API Error. Please contact the administrator\n<class '${(err as Error)?.name ?? 'Error'}'>`,
  };
}

export function computeErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, message } = novaError(err);
  if (status >= 500) request.log.error({ err }, 'unexpected error');
  const headers: Record<string, string> = {};
  if (status === 401) headers['www-authenticate'] = `Keystone uri="${request.protocol}://${request.host}/identity"`;
  return reply.code(status).headers(headers).type('application/json; charset=UTF-8').send(faultBody(status, message));
}
