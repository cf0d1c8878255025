/**
 * The compute (Nova) error catalogue: one factory per error, each with Nova's wording, so that a
 * message is written once however many handlers or services raise it. Codes and statuses are
 * those of DomainError (src/domain/errors.ts), which every dialect renders.
 */
import { DomainError, badRequest } from './errors.js';

/** servers.py create answers ImageNotFound with its own words */
export const imageNotFoundForCreate = () => new DomainError('IMAGE_NOT_FOUND', 400, 'Can not find requested image');

/** ips.py show: the server has no address on the network the URL names */
export const notNetworkMember = () => new DomainError('NOT_FOUND', 404, 'Instance is not a member of specified network');

/** instance_actions.py show: no action with that request id on the server */
export const actionNotFound = (requestId: string) => new DomainError('ACTION_NOT_FOUND', 404, `Action ${requestId} not found`);

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
  badRequest(`Invalid input for query parameters ${param}. Value: ${value}. '${value}' is not one of [${allowed.map((a) => `'${a}'`).join(', ')}]`);
/** jsonschema's date-time format message for a query parameter (changes-since, changes-before) */
export const queryNotDateTime = (param: string, value: string) =>
  badRequest(`Invalid input for query parameters ${param}. Value: ${value}. '${value}' is not a 'date-time'`);

// --- flavors ---

/** flavors_extraspecs.py: FlavorExtraSpecsNotFound */
export const extraSpecNotFound = (flavorId: string, key: string) =>
  new DomainError('NOT_FOUND', 404, `Flavor ${flavorId} has no extra specs with key ${key}.`);
/** flavor_access.py index on a public flavor */
export const accessListOfPublicFlavor = () => new DomainError('NOT_FOUND', 404, 'Access list not available for public flavors.');

// --- servers ---

/** compute/api.py @check_instance_host: the server has no host yet (InstanceNotReady) */
export const instanceNotReady = (id: string) => new DomainError('INSTANCE_NOT_READY', 409, `Instance ${id} is not ready`);
/** servers.py _get_instance: an id that never existed has no cell mapping (InstanceMappingNotFound) */
export const instanceMappingNotFound = (id: string) => new DomainError('NOT_FOUND', 404, `Instance ${id} has no mapping to a cell.`);

// --- hosts ---

/** hypervisors.py quotes the id in every version's message */
export const hypervisorNotFound = (id: string) => new DomainError('NOT_FOUND', 404, `Hypervisor with ID '${id}' could not be found.`);
/** hypervisors.py: no hypervisor matches hypervisor_hostname_pattern */
export const hypervisorPatternNotFound = (pattern: string) => new DomainError('NOT_FOUND', 404, `No hypervisor matching '${pattern}' could be found.`);
