/**
 * Keystone's errors (keystone/exception.py), one factory each, so that each error has one wording
 * wherever it is raised (services or the identity dialect). The dialect renders them as
 * {"error": {"code", "title", "message"}}; the code here is only what other layers branch on.
 */
import { DomainError } from '../errors.js';

const UNAUTHENTICATED = 'The request you have made requires authentication.';

// ---- 401 Unauthorized (keystone.exception.Unauthorized and its subclasses)
export const unauthorized = (message: string = UNAUTHENTICATED) => new DomainError('UNAUTHORIZED', 401, message);
export const unsupportedAuthMethod = () => unauthorized('Attempted to authenticate with an unsupported method.');
export const systemScopeUnsupported = () => unauthorized('System scope is not supported.');
export const projectDisabled = (projectId: string) => unauthorized(`Project ${projectId} is not enabled`);
export const noAccessToProject = (userId: string, projectId: string) =>
  unauthorized(`User ${userId} has no access to project ${projectId}`);
export const noAccessToDomain = (userId: string, domainId: string) =>
  unauthorized(`User ${userId} has no access to domain ${domainId}`);
/** a scope that names a project or domain that is not there is a 401 in Keystone, not a 404 */
export const scopeNotFound = (kind: 'project' | 'domain', nameOrId: string) =>
  unauthorized(`Could not find ${kind}: ${nameOrId}.`);

// ---- 400 ValidationError (Keystone's own checks beyond the JSON schemas)
const validation = (message: string) => new DomainError('BAD_REQUEST', 400, message);
export const requiredProperty = (name: string) => validation(`'${name}' is a required property`);
export const userNeedsIdOrName = () =>
  validation(
    'Expecting to find id or name in user - the server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
  );
export const appCredNeedsIdOrName = () =>
  validation(
    'Expecting to find id or name in application credential. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
  );
/** keystone ApplicationCredentialAuthError: unlike other 401s, Keystone shows its detail */
export const appCredCannotScope = () =>
  unauthorized('Error authenticating with application credential: Application credentials cannot request a scope.');
export const projectScopeNeedsDomain = () => validation('Scoping to a project by name requires the project domain.');
export const projectsAsDomainsUnsupported = () => validation('Projects acting as domains are not supported.');
/** a parent or domain named in a project's body that is not there: 400, the body is at fault */
export const referencedNotFound = (kind: 'project' | 'domain', id: string) =>
  validation(`Could not find ${kind}: ${id}.`);
export const parentInOtherDomain = () => validation('Cannot create project, the parent is in a different domain.');
export const immutableAttribute = (field: string) => validation(`Update of \`${field}\` is not allowed.`);
export const domainIdImmutable = () => validation('Cannot change Domain ID');
// stackbox has no domain-specific roles; saying so beats silently creating a global one
export const domainRolesUnsupported = () => validation('Domain-specific roles are not supported.');
export const domainTagsUnsupported = () => validation('Domain tags are not supported.');
export const projectAndDomainFilter = () => validation('Specify a domain or project, not both');
export const userAndGroupFilter = () => validation('Specify a user or group, not both');
export const effectiveWithGroupFilter = () =>
  validation('Combining effective and group filter will always result in an empty list.');
/** jsonschema's wording for a tag failing the tag parameter type */
export const invalidTag = (tag: string, pattern: string) => validation(`'${tag}' does not match '${pattern}'`);
export const tooManyTags = (max: number) =>
  validation(`Invalid input for field 'tags': the project can have at most ${max} tags`);

/** keystone ApplicationCredentialValidationError */
export const invalidAppCred = (detail: string) => validation(`Invalid application credential: ${detail}`);
export const expiryInPast = () =>
  validation(
    "The 'expires_at' must not be before now. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.",
  );
export const unassignedRole = () => invalidAppCred('Cannot create an application credential with unassigned role');
export const appCredNeedsUser = () =>
  validation(
    'Expecting to find user in application credential. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
  );
export const badTimestamp = () =>
  validation(
    'Timestamp not in expected format. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
  );
export const appCredNeedsProjectScope = () =>
  validation('An application credential can only be created with a project-scoped token.');

const validationDetail = (m: string) =>
  validation(
    `${m} The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.`,
  );
/** an endpoint naming a service or region that is not there (keystone ValidationError) */
export const endpointReferenceNotFound = (attr: 'service_id' | 'region_id', table: 'service' | 'region') =>
  validationDetail(`Expecting to find endpoint ${attr} in ${table} table.`);
export const idImmutable = () => validation('Cannot change ID');
export const conflictingRegionIds = (url: string, body: string) =>
  validation(`Conflicting region IDs specified: "${url}" != "${body}"`);
export const circularRegion = (regionId: string) =>
  validation(`The specified parent region ${regionId} would create a circular region hierarchy.`);

// ---- 403
const forbiddenAction = (action: string) =>
  new DomainError('FORBIDDEN', 403, `You are not authorized to perform the requested action: ${action}.`);
// Keystone's action text ends in a period, and ForbiddenAction adds another
export const restrictedAppCred = () =>
  forbiddenAction(
    "Using method 'application_credential' is not allowed for managing additional application credentials.",
  );
/** Keystone's bare ForbiddenAction: what a token issued through a trust may not do */
export const delegatedTokenForbidden = () =>
  new DomainError('FORBIDDEN', 403, 'You are not authorized to perform the requested action.');
export const trustTokenRescope = () =>
  forbiddenAction('Using trust-scoped token to create another token. Create a new trust-scoped token instead');
export const appCredForOtherUser = () => forbiddenAction('Cannot create an application credential for another user');
export const projectNotLeaf = (id: string) =>
  new DomainError(
    'FORBIDDEN',
    403,
    `Cannot delete the project ${id} since it is not a leaf in the hierarchy. Use the cascade option if you want to delete a whole subtree.`,
  );

/** keystone RegionDeletionError */
export const regionHasEndpoints = (id: string) =>
  new DomainError(
    'FORBIDDEN',
    403,
    `Unable to delete region ${id} because it or its child regions have associated endpoints.`,
  );

export const domainEnabledDelete = () =>
  new DomainError('FORBIDDEN', 403, 'Cannot delete a domain that is enabled, please disable it first.');

// ---- 404 NotFound ("Could not find <kind>: <id>.")
export const identityNotFound = (kind: string, id: string) =>
  new DomainError('IDENTITY_NOT_FOUND', 404, `Could not find ${kind}: ${id}.`);
export const projectNotFound = (id: string) => identityNotFound('project', id);
export const userNotFound = (id: string) => identityNotFound('user', id);
export const roleNotFound = (id: string) => identityNotFound('role', id);
export const domainNotFound = (id: string) => identityNotFound('domain', id);
export const regionNotFound = (id: string) => identityNotFound('region', id);
export const serviceNotFound = (id: string) => identityNotFound('service', id);
export const endpointNotFound = (id: string) => identityNotFound('endpoint', id);
export const groupNotFound = (id: string) => identityNotFound('group', id);
/** a user who is not in the group (keystone NotFound for check/remove membership) */
export const userNotInGroup = (userId: string, groupId: string) =>
  new DomainError('IDENTITY_NOT_FOUND', 404, `User '${userId}' not found in group '${groupId}'`);
export const appCredNotFound = (id: string) => identityNotFound('Application Credential', id);
export const roleNameNotDefined = (name: string) =>
  new DomainError('IDENTITY_NOT_FOUND', 404, `Role ${name} is not defined`);
/** a token that cannot be used to make another one (an application credential's) */
export const tokenNotValidated = () => new DomainError('IDENTITY_NOT_FOUND', 404, 'Failed to validate token');
export const projectTagNotFound = (tag: string) => identityNotFound('project tag', tag);
/**
 * TokenNotFound with the fernet provider's texts: a subject token that does not decode at all, and
 * one that decodes but is no longer valid (revoked, expired, its user or scope gone)
 */
export const tokenNotRecognized = () => new DomainError('NOT_FOUND', 404, 'Could not recognize Fernet token');
export const tokenNotValid = () => new DomainError('NOT_FOUND', 404, 'Failed to validate token');
/** a token route without an X-Subject-Token (after the policy check let the caller through) */
export const noSubjectToken = () => new DomainError('NOT_FOUND', 404, 'No token in the request');
/** RoleAssignmentNotFound */
export const grantNotFound = (roleId: string, userId: string, targetId: string) =>
  new DomainError(
    'IDENTITY_NOT_FOUND',
    404,
    `Could not find role assignment with role: ${roleId}, user or group: ${userId}, project, domain, or system: ${targetId}.`,
  );

// ---- 409 Conflict (keystone/common/sql/core.py handle_conflicts)
/** domains are projects acting as domains in Keystone's store, whence the wording */
export const duplicateDomainName = (name: string) =>
  new DomainError(
    'IDENTITY_CONFLICT',
    409,
    `Conflict occurred attempting to store project - it is not permitted to have two projects acting as domains with the same name: ${name}.`,
  );
/** keystone/resource/core.py create_project: the store's conflict, reworded for projects */
export const duplicateProject = (name: string, id: string) =>
  new DomainError(
    'IDENTITY_CONFLICT',
    409,
    `Conflict occurred attempting to store project - it is not permitted to have two projects with either the same name or same id in the same domain: name is ${name}, project id ${id}.`,
  );
export const duplicateRegion = (id: string) =>
  new DomainError('IDENTITY_CONFLICT', 409, `Conflict occurred attempting to store region - Duplicate ID, ${id}..`);
export function duplicateEntry(type: string, name: string, domainId: string | null): DomainError {
  const details = domainId
    ? `Duplicate entry found with name ${name} at domain ID ${domainId}`
    : `Duplicate entry found with name ${name}`;
  return new DomainError('IDENTITY_CONFLICT', 409, `Conflict occurred attempting to store ${type} - ${details}.`);
}
