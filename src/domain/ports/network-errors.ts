/**
 * Neutron's exceptions (neutron_lib/exceptions/__init__.py), as DomainErrors carrying the Neutron
 * `type` the network dialect renders. Messages are Neutron's, verbatim.
 */
import { DomainError, type ErrorCode } from '../errors.js';

const neutron = (code: ErrorCode, status: number, type: string, message: string) =>
  new DomainError(code, status, message, { type });

export const networkNotFound = (id: string) =>
  neutron('NETWORK_NOT_FOUND', 404, 'NetworkNotFound', `Network ${id} could not be found.`);
export const subnetNotFound = (id: string) =>
  neutron('SUBNET_NOT_FOUND', 404, 'SubnetNotFound', `Subnet ${id} could not be found.`);
export const portNotFound = (id: string) =>
  neutron('PORT_NOT_FOUND', 404, 'PortNotFound', `Port ${id} could not be found.`);
export const securityGroupNotFound = (id: string) =>
  neutron('SECURITY_GROUP_NOT_FOUND', 404, 'SecurityGroupNotFound', `Security group ${id} does not exist`);
export const ipAlreadyAllocated = (ip: string, subnetId: string) =>
  neutron(
    'IP_ALREADY_ALLOCATED',
    409,
    'IpAddressAlreadyAllocated',
    `IP address ${ip} already allocated in subnet ${subnetId}`,
  );
export const ipGenerationFailure = (networkId: string) =>
  neutron('IP_EXHAUSTED', 409, 'IpAddressGenerationFailure', `No more IP addresses available on network ${networkId}.`);
export const macInUse = (networkId: string, mac: string) =>
  neutron(
    'MAC_IN_USE',
    409,
    'MacAddressInUse',
    `Unable to complete operation for network ${networkId}. The mac address ${mac} is in use.`,
  );
export const portInUse = (portId: string, networkId: string, deviceId: string) =>
  neutron(
    'PORT_IN_USE',
    409,
    'PortInUse',
    `Unable to complete operation on port ${portId} for network ${networkId}. Port already has an attached device ${deviceId}.`,
  );
export const networkInUse = (id: string) =>
  neutron(
    'CONFLICT',
    409,
    'NetworkInUse',
    `Unable to complete operation on network ${id}. There are one or more ports still in use on the network.`,
  );
export const subnetInUse = (id: string) =>
  neutron(
    'CONFLICT',
    409,
    'SubnetInUse',
    `Unable to complete operation on subnet ${id}: One or more ports have an IP allocation from this subnet.`,
  );
export const invalidInput = (detail: string) =>
  neutron('BAD_REQUEST', 400, 'InvalidInput', `Invalid input for operation: ${detail}.`);
export const invalidIpForSubnet = (ip: string) =>
  neutron('INVALID_IP', 400, 'InvalidIpForSubnet', `IP address ${ip} is not a valid IP for the specified subnet.`);
export const invalidIpForNetwork = (ip: string) =>
  neutron(
    'INVALID_IP',
    400,
    'InvalidIpForNetwork',
    `IP address ${ip} is not a valid IP for any of the subnets on the specified network.`,
  );
/** neutron/policy.py: PolicyNotAuthorized "(rule:<action>) is disallowed by policy" */
export const neutronPolicy = (action: string) =>
  neutron('POLICY_NOT_AUTHORIZED', 403, 'PolicyNotAuthorized', `(rule:${action}) is disallowed by policy`);
export const macGenerationFailure = (networkId: string) =>
  neutron(
    'MAC_IN_USE',
    503,
    'NetworkMacAddressGenerationFailure',
    `Unable to generate unique mac on network ${networkId}.`,
  );
export const tenantProjectFilterConflict = () =>
  neutron('BAD_REQUEST', 400, 'TenantIdProjectIdFilterConflict', 'Both tenant_id and project_id passed as filters.');
/** neutron/ipam/exceptions.py AllocationOnAutoAddressSubnet */
export const allocationOnAutoAddressSubnet = (ip: string, subnetId: string) =>
  neutron(
    'INVALID_IP',
    400,
    'AllocationOnAutoAddressSubnet',
    `IPv6 address ${ip} cannot be directly assigned to a port on subnet ${subnetId} as the subnet is configured for automatic addresses`,
  );

// ---- webob HTTPBadRequest, as Neutron's API layer raises it for malformed requests
const httpBadRequest = (message: string) => new DomainError('BAD_REQUEST', 400, message, { type: 'HTTPBadRequest' });
/** neutron_lib's attribute validation failure; `reason` is the validator's own sentence */
export const invalidAttribute = (attr: string, reason: string) =>
  httpBadRequest(`Invalid input for ${attr}. Reason: ${reason}.`);
export const resourceBodyRequired = () => httpBadRequest('Resource body required');
export const resourceNotInBody = (resource: string) => httpBadRequest(`Unable to find '${resource}' in request body`);
export const invalidBodyFormat = (inner: unknown) =>
  httpBadRequest(`Invalid input for operation: Invalid format: ${JSON.stringify(inner)}.`);
export const unrecognizedAttributes = (names: readonly string[]) =>
  httpBadRequest(`Unrecognized attribute(s) '${names.join(', ')}'`);
export const requiredAttributeMissing = (name: string) =>
  httpBadRequest(`Failed to parse request. Required attribute '${name}' not specified`);
export const cidrRequired = () =>
  httpBadRequest('Invalid input for operation: A cidr must be specified in the absence of a subnet pool.');
export const otherProjectNeedsAdmin = () =>
  httpBadRequest(
    "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges",
  );
export const sortKeysDirsMismatch = () => httpBadRequest('The number of sort_keys and sort_dirs must be same');
export const sortDirUnsupported = (dir: string) => httpBadRequest(`Sort direction '${dir}' is not supported`);
export const invalidSortKey = (key: string) => httpBadRequest(`'${key}' is an invalid attribute for sort key`);
export const badLimit = (raw: string) =>
  httpBadRequest(`Bad limit request: Limit must be an integer 0 or greater and not '${raw}'.`);

// ---- webob HTTPNotFound / HTTPForbidden
export const extensionNotFound = (alias: string) =>
  new DomainError('NOT_FOUND', 404, `Extension with alias ${alias} does not exist`, { type: 'HTTPNotFound' });
/** a port or subnet on a network the caller may see (shared) but not use */
export const networkNotUsable = (projectId: string, resource: string) =>
  new DomainError('FORBIDDEN', 403, `Tenant ${projectId} not allowed to create ${resource} on this network`, {
    type: 'HTTPForbidden',
  });
