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
export const noAccessToSystem = (userId: string) => unauthorized(`User ${userId} has no access to the system`);
export const projectDisabled = (projectId: string) => unauthorized(`Project ${projectId} is not enabled`);
export const noAccessToProject = (userId: string, projectId: string) =>
  unauthorized(`User ${userId} has no access to project ${projectId}`);
export const noAccessToDomain = (userId: string, domainId: string) =>
  unauthorized(`User ${userId} has no access to domain ${domainId}`);
/** a scope that names a project or domain that is not there is a 401 in Keystone, not a 404 */
export const scopeNotFound = (kind: 'project' | 'domain', nameOrId: string) =>
  unauthorized(`Could not find ${kind}: ${nameOrId}.`);

/** keystone PasswordExpired: one 401 whose text Keystone shows (it has no secret in it) */
export const passwordExpired = (userId: string) =>
  unauthorized(`The password is expired and needs to be changed for user: ${userId}.`);

// ---- 400 ValidationError (Keystone's own checks beyond the JSON schemas)
const validation = (message: string) => new DomainError('BAD_REQUEST', 400, message);
// [security_compliance] password rules (keystone PasswordValidationError and subclasses)
export const passwordRequirements = (detail: string | null) =>
  validation(`The password does not match the requirements: ${detail ?? 'None'}.`);
export const passwordRegexInvalid = () =>
  validation('Password validation error: Unable to validate password due to invalid configuration.');
export const passwordHistory = (uniqueCount: number) =>
  validation(
    `The new password cannot be identical to a previous password. The total number which includes the new password must be unique is ${uniqueCount}.`,
  );
export const passwordTooYoung = (minAgeDays: number, daysLeft: number) =>
  validation(
    `You cannot change your password at this time due to the minimum password age. Once you change your password, it must be used for ${minAgeDays} day(s) before it can be changed. Please try again in ${daysLeft} day(s) or contact your administrator to reset your password.`,
  );
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
export const onlyRootProjectsAsDomains = () => validation('only root projects are allowed to act as domains.');
/** a parent or domain named in a project's body that is not there: 400, the body is at fault */
export const referencedNotFound = (kind: 'project' | 'domain', id: string) =>
  validation(`Could not find ${kind}: ${id}.`);
export const parentInOtherDomain = () => validation('Cannot create project, the parent is in a different domain.');
export const immutableAttribute = (field: string) => validation(`Update of \`${field}\` is not allowed.`);
export const domainIdImmutable = () => validation('Cannot change Domain ID');
// stackbox has no domain-specific roles; saying so beats silently creating a global one
export const roleDomainImmutable = () => validation('Update of `domain_id` is not allowed.');
export const domainRoleOnSystem = (roleId: string) =>
  validation(`Role ${roleId} is a domain-specific role. Unable to use a domain-specific role in a system assignment.`);
export const domainTagsUnsupported = () => validation('Domain tags are not supported.');
export const projectAndDomainFilter = () => validation('Specify a domain or project, not both');
export const userAndGroupFilter = () => validation('Specify a user or group, not both');
export const systemAndDomainFilter = () => validation('Specify system or domain, not both');
export const systemAndProjectFilter = () => validation('Specify system or project, not both');
export const effectiveInheritedDomainFilter = () =>
  validation('Combining effective, domain and inherited filters will always result in an empty list.');
export const subtreeNeedsProject = () =>
  validation('scope.project.id must be specified if include_subtree is also specified');
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
/** a credential whose blob is not JSON (ec2) */
export const invalidCredentialBlob = () => validation('Invalid blob in credential');
/** keystone ValidationError(attribute=..., target=...) */
export const missingAttribute = (attr: string, target: string) =>
  validationDetail(`Expecting to find ${attr} in ${target}.`);
export const credentialKeyImmutable = (key: string) => validation(`${key} can not be updated for credential`);
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
/** a token issued through a trust, an application credential or OAuth1 (keystone/api/credentials.py) */
export const delegatedCredentialAccess = () => forbiddenAction('Delegated tokens cannot access credentials directly');
export const appCredForOtherUser = () => forbiddenAction('Cannot create an application credential for another user');
export const projectNotLeaf = (id: string) =>
  new DomainError(
    'FORBIDDEN',
    403,
    `Cannot delete the project ${id} since it is not a leaf in the hierarchy. Use the cascade option if you want to delete a whole subtree.`,
  );

/** keystone ForbiddenNotSecurity from delete_access_rule */
export const accessRuleInUse = () => new DomainError('FORBIDDEN', 403, 'May not delete access rule in use');
export const delegatedAppCredManagement = () =>
  new DomainError('FORBIDDEN', 403, 'Cannot manage application credentials with a token issued via delegation.');

/** keystone InvalidDomainConfig (a 403) */
export const invalidDomainConfig = (reason: string) =>
  new DomainError('FORBIDDEN', 403, `Invalid domain specific configuration: ${reason}.`);

/** keystone RegionDeletionError */
export const regionHasEndpoints = (id: string) =>
  new DomainError(
    'FORBIDDEN',
    403,
    `Unable to delete region ${id} because it or its child regions have associated endpoints.`,
  );

export const domainEnabledDelete = () =>
  new DomainError('FORBIDDEN', 403, 'Cannot delete a domain that is enabled, please disable it first.');

/** keystone InvalidImpliedRole: the role may not be implied (prohibited_implied_role, or a global → domain rule) */
export const invalidImpliedRole = (roleId: string) =>
  new DomainError('FORBIDDEN', 403, `${roleId} cannot be an implied roles.`);
/** keystone DomainSpecificRoleMismatch */
export const domainRoleMismatch = (roleId: string, projectId: string) =>
  new DomainError(
    'FORBIDDEN',
    403,
    `Project ${projectId} must be in the same domain as the role ${roleId} being assigned.`,
  );

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
/** what: "any options", "group ldap", "option url in group ldap" */
export const domainConfigNotFound = (domainId: string, what: string) =>
  new DomainError('IDENTITY_NOT_FOUND', 404, `Could not find ${what} in domain configuration for domain ${domainId}.`);
export const accessRuleNotFound = (id: string) => identityNotFound('Access Rule', id);
export const policyNotFound = (id: string) => identityNotFound('policy', id);
export const endpointGroupNotFound = (id: string) => identityNotFound('Endpoint Group', id);
export const consumerNotFound = () => new DomainError('IDENTITY_NOT_FOUND', 404, 'Consumer not found');
export const credentialNotFound = (id: string) => identityNotFound('credential', id);
export const appCredNotFound = (id: string) => identityNotFound('Application Credential', id);
export const roleNameNotDefined = (name: string) =>
  new DomainError('IDENTITY_NOT_FOUND', 404, `Role ${name} is not defined`);
/** a token that cannot be used to make another one (an application credential's) */
export const tokenNotValidated = () => new DomainError('IDENTITY_NOT_FOUND', 404, 'Failed to validate token');
export const projectTagNotFound = (tag: string) => identityNotFound('project tag', tag);
/** TokenNotFound with the fernet provider's text for a subject token that does not decode at all */
export const tokenNotRecognized = () => new DomainError('NOT_FOUND', 404, 'Could not recognize Fernet token');
/** a token route without an X-Subject-Token (after the policy check let the caller through) */
export const noSubjectToken = () => new DomainError('NOT_FOUND', 404, 'No token in the request');
/** RoleAssignmentNotFound */
export const grantNotFound = (roleId: string, userId: string, targetId: string) =>
  new DomainError(
    'IDENTITY_NOT_FOUND',
    404,
    `Could not find role assignment with role: ${roleId}, user or group: ${userId}, project, domain, or system: ${targetId}.`,
  );

/** keystone ImpliedRoleNotFound */
export const impliedRoleNotFound = (priorId: string, impliedId: string) =>
  new DomainError('IDENTITY_NOT_FOUND', 404, `${priorId} does not imply ${impliedId}.`);

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
/** a repeated role inference rule (handle_conflicts without a name to show) */
export const duplicateImpliedRole = () =>
  new DomainError('IDENTITY_CONFLICT', 409, 'Conflict occurred attempting to store implied_role - Duplicate entry.');
/** a second credential with the same id (an ec2 one: the same access key) */
export const duplicateId = (type: string, id: string) =>
  new DomainError(
    'IDENTITY_CONFLICT',
    409,
    `Conflict occurred attempting to store ${type} - Duplicate entry found with ID ${id}.`,
  );
export function duplicateEntry(type: string, name: string, domainId: string | null): DomainError {
  const details = domainId
    ? `Duplicate entry found with name ${name} at domain ID ${domainId}`
    : `Duplicate entry found with name ${name}`;
  return new DomainError('IDENTITY_CONFLICT', 409, `Conflict occurred attempting to store ${type} - ${details}.`);
}
