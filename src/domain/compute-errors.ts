/**
 * The compute (Nova) error catalogue: one factory per error, each with Nova's wording, so that a
 * message is written once however many handlers or services raise it. Codes and statuses are
 * those of DomainError (src/domain/errors.ts), which every dialect renders.
 */
import { DomainError, badRequest } from './errors.js';

/** servers.py create answers ImageNotFound with its own words */
export const imageNotFoundForCreate = () => new DomainError('IMAGE_NOT_FOUND', 400, 'Can not find requested image');

/** ips.py show: the server has no address on the network the URL names */
export const notNetworkMember = () =>
  new DomainError('NOT_FOUND', 404, 'Instance is not a member of specified network');

/** instance_actions.py show: no action with that request id on the server */
export const actionNotFound = (requestId: string) =>
  new DomainError('ACTION_NOT_FOUND', 404, `Action ${requestId} not found`);

// --- query parameters: jsonschema's and the controllers' words ---

/** a list filter whose value the controller cannot parse (flavors.py _parse_is_public, minDisk/minRam) */
export const invalidFilter = (name: string, value: string) => badRequest(`Invalid ${name} filter [${value}]`);
/** a paging marker naming nothing (common.py / the list controllers) */
export const markerNotFound = (marker: string) => badRequest(`marker [${marker}] not found`);
/** jsonschema's pattern message for a digits-only query parameter (limit) */
export const queryNotDigits = (param: string, value: string) =>
  badRequest(`Invalid input for query parameters ${param}. Value: ${value}. '${value}' does not match '^[0-9]*$'`);
/** jsonschema's enum message for a query parameter */
export const queryNotOneOf = (param: string, value: string, allowed: string[]) =>
  badRequest(
    `Invalid input for query parameters ${param}. Value: ${value}. '${value}' is not one of [${allowed.map((a) => `'${a}'`).join(', ')}]`,
  );
/** parameter_types.boolean's values in the order Nova lists them (True and False are Python's) */
const BOOLEAN_VALUES =
  "True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no'";
const BOOLEAN_STRINGS = BOOLEAN_VALUES.split(', ')
  .filter((v) => v.startsWith("'"))
  .map((v) => v.slice(1, -1));
/** A query parameter checked as parameter_types.boolean: the value as a bool, or jsonschema's enum 400. */
export function queryBoolean(param: string, value: string): boolean {
  if (!BOOLEAN_STRINGS.includes(value))
    throw badRequest(
      `Invalid input for query parameters ${param}. Value: ${value}. '${value}' is not one of [${BOOLEAN_VALUES}]`,
    );
  return ['True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes'].includes(value);
}
/** jsonschema's date-time format message for a query parameter (changes-since, changes-before) */
export const queryNotDateTime = (param: string, value: string) =>
  badRequest(`Invalid input for query parameters ${param}. Value: ${value}. '${value}' is not a 'date-time'`);

// --- flavors ---

/** flavors_extraspecs.py: FlavorExtraSpecsNotFound */
export const extraSpecNotFound = (flavorId: string, key: string) =>
  new DomainError('NOT_FOUND', 404, `Flavor ${flavorId} has no extra specs with key ${key}.`);
/** flavor_access.py index on a public flavor */
export const accessListOfPublicFlavor = () =>
  new DomainError('NOT_FOUND', 404, 'Access list not available for public flavors.');

// --- servers ---

/** compute/api.py @check_instance_host: the server has no host yet (InstanceNotReady) */
export const instanceNotReady = (id: string) =>
  new DomainError('INSTANCE_NOT_READY', 409, `Instance ${id} is not ready`);
/** servers.py _get_instance: an id that never existed has no cell mapping (InstanceMappingNotFound) */
export const instanceMappingNotFound = (id: string) =>
  new DomainError('NOT_FOUND', 404, `Instance ${id} has no mapping to a cell.`);

// --- hosts ---

/** hypervisors.py quotes the id in every version's message */
export const hypervisorNotFound = (id: string) =>
  new DomainError('NOT_FOUND', 404, `Hypervisor with ID '${id}' could not be found.`);
/** exception.ComputeServiceUnavailable (hypervisors.py uptime answers it as 400) */
export const hostServiceUnavailable = (host: string) =>
  badRequest(`Compute service of ${host} is unavailable at this time.`);
/** hypervisors.py: no hypervisor matches hypervisor_hostname_pattern */
export const hypervisorPatternNotFound = (pattern: string) =>
  new DomainError('NOT_FOUND', 404, `No hypervisor matching '${pattern}' could be found.`);

/** server_tags.py: show words its own 404 ("Server ..."); delete passes on InstanceTagNotFound ("Instance ...") */
export const tagNotFound = (uuid: string, tag: string, noun: 'Server' | 'Instance') =>
  new DomainError('NOT_FOUND', 404, `${noun} ${uuid} has no tag '${tag}'`);
/** servers.py create: FlavorNotFound answered with 400 */
export const flavorNotFoundForCreate = (flavorRef: string) =>
  new DomainError('FLAVOR_NOT_FOUND', 400, `Flavor ${flavorRef} could not be found.`);
/** compute/api.py create: ImageNotFound (400 from the servers controller) */
export const imageNotFound = (imageRef: string) =>
  new DomainError('IMAGE_NOT_FOUND', 400, `Image ${imageRef} could not be found.`);
/** servers.py _action_rebuild: ImageNotFound in its own words */
export const imageNotFoundForRebuild = () => new DomainError('IMAGE_NOT_FOUND', 400, 'Cannot find image for rebuild');
/** servers.py create and rebuild: KeypairNotFound answered with 400 */
export const invalidKeyName = () => new DomainError('KEYPAIR_NOT_FOUND', 400, 'Invalid key_name provided.');
/** neutron.py _process_security_groups: SecurityGroupNotFound, 400 from the servers controller */
export const securityGroupNotFoundForCreate = (name: string) =>
  new DomainError('SECURITY_GROUP_NOT_FOUND', 400, `Security group ${name} not found.`);
/** security_groups.py add/removeSecurityGroup: SecurityGroupNotFoundForProject */
export const securityGroupNotFoundForProject = (name: string, projectId: string) =>
  new DomainError('SECURITY_GROUP_NOT_FOUND', 404, `Security group ${name} not found for project ${projectId}.`);
/** flavor_access.py removeTenantAccess: FlavorAccessNotFound */
export const flavorAccessNotFound = (flavorId: string, projectId: string) =>
  new DomainError('NOT_FOUND', 404, `Flavor access not found for ${flavorId} / ${projectId} combination.`);

// --- quotas ---

/** QuotaError / OverQuota: one wording for instances, cores, ram and metadata_items */
export const quotaExceeded = (resource: string, requested: number, used: number, limit: number) =>
  new DomainError(
    'QUOTA_EXCEEDED',
    403,
    `Quota exceeded for ${resource}: Requested ${requested}, but already used ${used} of ${limit} ${resource}`,
  );
/** compute/api.py _check_metadata_properties_quota: MetadataLimitExceeded (403 from servers.py create) */
export const metadataLimitExceeded = (allowed: number) =>
  new DomainError('QUOTA_EXCEEDED', 403, `Maximum number of metadata items exceeds ${allowed}`);
/** keypairs.py: KeypairLimitExceeded */
export const keypairQuotaExceeded = () => new DomainError('QUOTA_EXCEEDED', 403, 'Quota exceeded, too many key pairs.');

// --- the request envelope ---

/** wsgi.py: the legacy /{project_id} prefix must name the token's project */
export const urlProjectMismatch = (urlProject: string, projectId: string | null | undefined) =>
  badRequest(
    `Malformed request URL: URL's project_id '${urlProject}' doesn't match Context's project_id '${projectId ?? 'None'}'`,
  );
/** api_version_request.py: InvalidAPIVersionString */
export const versionInvalid = (raw: string) =>
  new DomainError(
    'VERSION_INVALID',
    400,
    `API Version String ${raw} is of invalid format. Must be of format MajorNum.MinorNum.`,
  );
/** api_version_request.py: InvalidGlobalAPIVersion */
export const versionNotSupported = (version: string, min: string, max: string) =>
  new DomainError(
    'VERSION_NOT_SUPPORTED',
    406,
    `Version ${version} is not supported by the API. Minimum is ${min} and maximum is ${max}.`,
  );

// --- server groups ---

/** InstanceGroupNotFound (404 on show/delete, 400 as a server create hint) */
export const serverGroupNotFound = (id: string, status: 400 | 404 = 404) =>
  new DomainError('NOT_FOUND', status, `Instance group ${id} could not be found.`);
/** server_groups.py create: check_deltas server_groups */
export const serverGroupQuotaExceeded = () =>
  new DomainError('QUOTA_EXCEEDED', 403, 'Quota exceeded, too many server groups.');
/** compute/api.py _provision_instances: check_deltas server_group_members */
export const serverGroupMembersQuotaExceeded = () =>
  new DomainError('QUOTA_EXCEEDED', 403, 'Quota exceeded, too many servers in group');
/** server_groups.py create (2.64): rules with another policy than anti-affinity */
export const rulesOnlyForAntiAffinity = () => badRequest('Only anti-affinity policy supports rules.');

/** servers.py _resize: FlavorNotFound's own message as a 400 (Nova Zed, recorded in test/parity) */
export const resizeFlavorNotFound = (id: string) =>
  new DomainError('FLAVOR_NOT_FOUND', 400, `Flavor ${id} could not be found.`);
/** servers.py _resize: CannotResizeToSameFlavor's own message as a 400 */
export const resizeSameFlavor = () =>
  new DomainError('BAD_REQUEST', 400, 'When resizing, instances must change flavor!');
/** compute/api.py resize: CannotResizeDisk (a disk flavor to a zero-disk one) */
export const cannotResizeDisk = (reason: string) =>
  new DomainError('BAD_REQUEST', 400, `Server disk was unable to be resized because: ${reason}`);
/** servers.py confirm/revert: MigrationNotFoundByStatus */
export const notResized = () => new DomainError('BAD_REQUEST', 400, 'Instance has not been resized.');
/** common.py check_img_metadata_properties_quota */
export const imageMetadataLimitExceeded = () => new DomainError('QUOTA_EXCEEDED', 403, 'Image metadata limit exceeded');

/** exception.py UnsupportedRescueImage (rescue.py answers 400) */
export const unsupportedRescueImage = (image: string) =>
  badRequest(`Requested rescue image '${image}' is not supported`);

/** exception.py InstanceNotRescuable (rescue.py answers 400) */
export const instanceNotRescuable = (id: string, reason: string) =>
  badRequest(`Instance ${id} cannot be rescued: ${reason}`);

/** exception.py NoValidHost (migrate_server.py answers 400); the reason is the conductor's */
export const noValidHost = (reason: string) => badRequest(`No valid host was found. ${reason}`);
/** exception.py ComputeHostNotFound (migrate_server.py answers 400) */
export const computeHostNotFound = (host: string) => badRequest(`Compute host ${host} could not be found.`);
/** exception.py CannotMigrateToSameHost (migrate at 2.56 with the server's own host) */
export const cannotMigrateToSameHost = () =>
  badRequest('Cannot migrate to the host where the server is currently running.');
/** exception.py UnableToMigrateToSelf (os-migrateLive to the server's own host, below 2.34) */
export const unableToMigrateToSelf = (uuid: string, host: string) =>
  badRequest(`Unable to migrate instance (${uuid}) to current host (${host}).`);
/** migrate_server.py _get_force_param_for_live_migration */
export const forceWithoutHost = () => badRequest("Can't force to a non-provided destination");
/** exception.py MigrationNotFoundForInstance */
export const migrationNotFoundForInstance = (id: string | number, uuid: string, status: 400 | 404) =>
  new DomainError(
    status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST',
    status,
    `Migration ${id} not found for instance ${uuid}`,
  );
/** exception.py InvalidMigrationState (force_complete / abort answer 400) */
export const invalidMigrationState = (id: number, uuid: string, state: string, method: string) =>
  badRequest(
    `Migration ${id} state of instance ${uuid} is ${state}. Cannot ${method} while the migration is in this state.`,
  );
/** server_migrations.py show: the 404s for a migration that is not an in-progress live migration */
export const liveMigrationNotShown = (text: string) => new DomainError('NOT_FOUND', 404, text);
/** migrations.py index: exception.py MarkerNotFound for a migration marker (400) */
export const migrationMarkerNotFound = (marker: string) => badRequest(`Marker ${marker} could not be found.`);
/** evacuate.py: a named host without a compute service (404) */
export const evacuateHostNotFound = (host: string) =>
  new DomainError('NOT_FOUND', 404, `Compute host ${host} not found.`);
/** evacuate.py: the server's own host */
export const evacuateSameHost = () => badRequest("The target host can't be the same one.");
/** evacuate.py below 2.14: a password with onSharedStorage */
export const evacuatePasswordOnSharedStorage = () => badRequest("admin password can't be changed on existing disk");
/** exception.py ComputeServiceInUse (evacuate answers 400) */
export const computeServiceInUse = (host: string) => badRequest(`Compute service of ${host} is still in use.`);

/** a removed API (admin_actions.py resetNetwork): webob's HTTPGone with its default explanation */
export const gone = () =>
  new DomainError('GONE', 410, 'This resource is no longer available. No forwarding address is given.');

/** compute/manager.py get_*_console: the console kind is switched off in nova.conf (ConsoleTypeUnavailable) */
export const consoleTypeUnavailable = (type: string) =>
  new DomainError('BAD_REQUEST', 400, `Unavailable console type ${type}.`);

/** compute/manager.py get_*_console: a type the protocol does not have (ConsoleTypeInvalid) */
export const consoleTypeInvalid = (type: string) => new DomainError('BAD_REQUEST', 400, `Invalid console type ${type}`);
