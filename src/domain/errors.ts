/**
 * Domain errors carry an OpenStack-neutral code, the HTTP status Nova uses for them and Nova's
 * message. Each dialect's error handler renders them in its own envelope and may remap the code
 * (Neutron's `type`, Mogan's 400-for-conflicts) in its own table.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'VALIDATION_FAILED'
  | 'MALFORMED_BODY'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'POLICY_NOT_AUTHORIZED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'GONE'
  | 'NOT_ACCEPTABLE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BODY_TOO_LARGE'
  | 'VERSION_INVALID'
  | 'VERSION_NOT_SUPPORTED'
  | 'INSTANCE_NOT_FOUND'
  | 'INSTANCE_INVALID_STATE'
  | 'INSTANCE_IS_LOCKED'
  | 'INSTANCE_NOT_READY'
  | 'QUOTA_EXCEEDED'
  | 'NO_VALID_HOST'
  | 'FLAVOR_NOT_FOUND'
  | 'IMAGE_NOT_FOUND'
  | 'KEYPAIR_NOT_FOUND'
  | 'KEYPAIR_EXISTS'
  | 'NETWORK_NOT_FOUND'
  | 'SUBNET_NOT_FOUND'
  | 'PORT_NOT_FOUND'
  | 'PORT_IN_USE'
  | 'PORT_NOT_USABLE'
  | 'IP_ALREADY_ALLOCATED'
  | 'MAC_IN_USE'
  | 'IP_EXHAUSTED'
  | 'INVALID_IP'
  | 'NETWORK_AMBIGUOUS'
  | 'NO_NETWORK_AVAILABLE'
  | 'SECURITY_GROUP_NOT_FOUND'
  | 'EXTERNAL_NETWORK_FORBIDDEN'
  | 'INTERFACE_ATTACH_FAILED'
  | 'INTERFACE_NOT_FOUND'
  | 'ACTION_NOT_FOUND'
  | 'DRIVER_NOT_SUPPORTED'
  | 'IDENTITY_NOT_FOUND'
  | 'IDENTITY_CONFLICT';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    /** extra, dialect-specific data (e.g. Neutron's error type, Retry-After) */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

// Constructors for the errors used in more than one place. Messages are Nova's, verbatim.
export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new DomainError('BAD_REQUEST', 400, message, details);
export const forbidden = (message: string) => new DomainError('FORBIDDEN', 403, message);
export const notFound = (message = 'The resource could not be found.') => new DomainError('NOT_FOUND', 404, message);
export const conflict = (message: string) => new DomainError('CONFLICT', 409, message);
export const policyNotAuthorized = (rule: string) =>
  new DomainError('POLICY_NOT_AUTHORIZED', 403, `Policy doesn't allow ${rule} to be performed.`, { rule });
export const instanceNotFound = (id: string) =>
  new DomainError('INSTANCE_NOT_FOUND', 404, `Instance ${id} could not be found.`, { id });
export const instanceLocked = (uuid: string) =>
  new DomainError('INSTANCE_IS_LOCKED', 409, `Instance ${uuid} is locked`, { uuid });
