/**
 * Ironic-style error bodies, as Mogan's ParsableErrorMiddleware writes them: the WSME fault
 * document serialised INTO a string under "error_message" (python-moganclient parses it twice).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../domain/errors.js';
import { SchemaError } from '../../http/route-table.js';

export function moganErrorBody(status: number, message: string): { error_message: string } {
  return { error_message: JSON.stringify({ faultcode: status >= 500 ? 'Server' : 'Client', faultstring: message, debuginfo: null }) };
}

export function moganErrorFrom(err: unknown): { status: number; message: string } {
  if (err instanceof SchemaError) {
    // Mogan prefixes schema failures with the body name: "Invalid create body: <jsonschema text>"
    const v = err.violation;
    const where = err.where === 'query' ? 'query' : 'body';
    return { status: 400, message: `Invalid ${where === 'body' ? 'request body' : 'query'}: ${v.field ? `${v.field}: ` : ''}${v.message}` };
  }
  if (isDomainError(err)) {
    if (err.code === 'MALFORMED_BODY') return { status: 400, message: 'The request body is not valid JSON.' };
    if (err.code === 'UNAUTHORIZED') return { status: 401, message: 'Authentication required' };
    return { status: err.status, message: err.message };
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, message: 'Request is too large.' };
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, message: 'Unsupported Content-Type' };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return { status: fe.statusCode, message: fe.message };
  return { status: 500, message: 'An unknown exception occurred.' };
}

export function moganErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, message } = moganErrorFrom(err);
  if (status >= 500) request.log.error({ err }, 'unexpected error');
  return reply.code(status).type('application/json').send(moganErrorBody(status, message));
}
