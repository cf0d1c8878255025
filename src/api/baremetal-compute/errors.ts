/**
 * Ironic-style error bodies, as Mogan's ParsableErrorMiddleware writes them: the WSME fault
 * document serialised INTO a string under "error_message" (python-moganclient parses it twice).
 * The errors this dialect raises itself are named below, one wording each.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, badRequest, isDomainError } from '../../domain/errors.js';
import { SchemaError } from '../../http/route-table.js';

// ---- the catalogue: Mogan's messages (mogan/common/exception.py and the v1 controllers) ----

/** Mogan's HTTPForbidden from its policy wrapper: every mogan:* rule failure has this wording. */
export const accessDenied = (rule: string): DomainError =>
  new DomainError('POLICY_NOT_AUTHORIZED', 403, `Access was denied to the following resource: ${rule}`, { rule });
export const unknownArgument = (key: string): DomainError => badRequest(`Unknown argument: "${key}"`);
export const invalidBoolLike = (name: string, raw: unknown, accepted: readonly string[]): DomainError =>
  badRequest(
    `Invalid input for field/attribute ${name}. Value: '${String(raw)}'. Wrong type. Expected a boolean-like string (${accepted.join(', ')}).`,
  );
export const countsInverted = (): DomainError => badRequest('min_count must be <= max_count');
export const userDataTooLarge = (length: number): DomainError =>
  badRequest(
    `User data too large. User data must be no larger than 65535 bytes once base64 encoded. Your data is ${length} bytes`,
  );
export const userDataNotBase64 = (): DomainError => badRequest('User data needs to be valid base 64.');
export const invalidPowerTarget = (target: string, uuid: string): DomainError =>
  badRequest(`The Parameter value: ${target} for power action of instance ${uuid} is invalid.`);
/** 406 when the host's driver cannot do this kind of power change (the seed's NotAcceptable) */
export const powerNotAcceptable = (uuid: string, target: string): DomainError =>
  new DomainError(
    'NOT_ACCEPTABLE',
    406,
    `Request not acceptable. The driver of instance ${uuid} cannot perform ${target}.`,
  );

/** Mogan's create rewords these lookups as 400s (reference §5.1.1) and quota as a plain 403. */
export const createFlavorNotFound = (flavor: string): DomainError =>
  new DomainError('FLAVOR_NOT_FOUND', 400, `Flavor ${flavor} could not be found`);
export const createImageNotFound = (image: string): DomainError =>
  new DomainError('IMAGE_NOT_FOUND', 400, `Requested image ${image} could not be found`);
export const createNetworkNotFound = (message: string): DomainError =>
  new DomainError('NETWORK_NOT_FOUND', 400, message);
export const createKeypairNotFound = (keyName: string): DomainError =>
  new DomainError('KEYPAIR_NOT_FOUND', 400, `Invalid key_name ${keyName} provided.`);
export const createQuotaExceeded = (message: string): DomainError => new DomainError('QUOTA_EXCEEDED', 403, message);

// ---- rendering ----

export function moganErrorBody(status: number, message: string): { error_message: string } {
  return {
    error_message: JSON.stringify({
      faultcode: status >= 500 ? 'Server' : 'Client',
      faultstring: message,
      debuginfo: null,
    }),
  };
}

/** A denied mogan:* rule, whether the route table or a handler checked it, in Mogan's wording. */
function policyMessage(err: DomainError): string {
  const rule = err.details.rule;
  return typeof rule === 'string' && rule.startsWith('mogan:') ? accessDenied(rule).message : err.message;
}

export function moganErrorFrom(err: unknown): { status: number; message: string } {
  if (err instanceof SchemaError) {
    // Mogan prefixes schema failures with the body name: "Invalid create body: <jsonschema text>"
    const v = err.violation;
    const where = err.where === 'query' ? 'query' : 'body';
    return {
      status: 400,
      message: `Invalid ${where === 'body' ? 'request body' : 'query'}: ${v.field ? `${v.field}: ` : ''}${v.message}`,
    };
  }
  if (isDomainError(err)) {
    if (err.code === 'MALFORMED_BODY') return { status: 400, message: 'The request body is not valid JSON.' };
    if (err.code === 'UNAUTHORIZED') return { status: 401, message: 'Authentication required' };
    if (err.code === 'POLICY_NOT_AUTHORIZED') return { status: err.status, message: policyMessage(err) };
    return { status: err.status, message: err.message };
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, message: 'Request is too large.' };
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, message: 'Unsupported Content-Type' };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
    return { status: fe.statusCode, message: fe.message };
  return { status: 500, message: 'An unknown exception occurred.' };
}

export function moganErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, message } = moganErrorFrom(err);
  if (status >= 500) request.log.error({ err }, 'unexpected error');
  return reply.code(status).type('application/json').send(moganErrorBody(status, message));
}
