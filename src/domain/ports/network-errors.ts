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
/** db_base_plugin_v2 _ensure_network_not_in_use: the text ends with the ports still on it */
export const networkInUse = (id: string, portIds: readonly string[]) =>
  neutron(
    'CONFLICT',
    409,
    'NetworkInUse',
    `Unable to complete operation on network ${id}. There are one or more ports still in use on the network, id for these ports is: ${portIds.join(',')}.`,
  );
export const subnetInUse = (id: string) =>
  neutron(
    'CONFLICT',
    409,
    'SubnetInUse',
    `Unable to complete operation on subnet ${id}: One or more ports have an IP allocation from this subnet.`,
  );
export const gatewayConflictWithAllocationPools = (ip: string, pool: { start: string; end: string }) =>
  neutron(
    'CONFLICT',
    409,
    'GatewayConflictWithAllocationPools',
    `Gateway ip ${ip} conflicts with allocation pool ${pool.start}-${pool.end}.`,
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
export const resourcesRequired = () => httpBadRequest('Resources required');
/** neutron_lib BadRequest for a malformed If-Match header */
export const ifMatchBadRequest = (msg: string) =>
  new DomainError('BAD_REQUEST', 400, `Bad if-match request: ${msg}.`, { type: 'BadRequest' });
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
/** neutron_lib BadRequest(resource='limit', ...) from api_common.get_limit_and_marker */
export const badLimit = (raw: string) =>
  neutron(
    'BAD_REQUEST',
    400,
    'BadRequest',
    `Bad limit request: Limit must be an integer 0 or greater and not '${raw}'.`,
  );

// ---- webob HTTPNotFound / HTTPForbidden
export const extensionNotFound = (alias: string) =>
  new DomainError('NOT_FOUND', 404, `Extension with alias ${alias} does not exist`, { type: 'HTTPNotFound' });
/** a port or subnet on a network the caller may see (shared) but not use */
export const networkNotUsable = (projectId: string, resource: string) =>
  new DomainError('FORBIDDEN', 403, `Tenant ${projectId} not allowed to create ${resource} on this network`, {
    type: 'HTTPForbidden',
  });

// ---- security groups and rules (neutron/extensions/securitygroup.py, Zed; neutron_lib InvalidCIDR)
export const securityGroupRuleNotFound = (id: string) =>
  neutron('NOT_FOUND', 404, 'SecurityGroupRuleNotFound', `Security group rule ${id} does not exist`);
export const securityGroupInUse = (id: string) =>
  neutron('CONFLICT', 409, 'SecurityGroupInUse', `Security Group ${id} in use.`);
export const securityGroupCannotRemoveDefault = () =>
  neutron(
    'CONFLICT',
    409,
    'SecurityGroupCannotRemoveDefault',
    'Insufficient rights for removing default security group.',
  );
export const securityGroupCannotUpdateDefault = () =>
  neutron('CONFLICT', 409, 'SecurityGroupCannotUpdateDefault', 'Updating default security group not allowed.');
export const securityGroupDefaultAlreadyExists = () =>
  neutron('CONFLICT', 409, 'SecurityGroupDefaultAlreadyExists', 'Default security group already exists.');
export const securityGroupRuleExists = (ruleId: string) =>
  neutron('CONFLICT', 409, 'SecurityGroupRuleExists', `Security group rule already exists. Rule id is ${ruleId}.`);
export const duplicateSecurityGroupRuleInPost = () =>
  neutron('CONFLICT', 409, 'DuplicateSecurityGroupRuleInPost', 'Duplicate Security Group Rule in POST.');
export const securityGroupRuleInvalidProtocol = (protocol: string, values: string) =>
  neutron(
    'BAD_REQUEST',
    400,
    'SecurityGroupRuleInvalidProtocol',
    `Security group rule protocol ${protocol} not supported. Only protocol values ${values} and integer representations [0 to 255] are supported.`,
  );
export const securityGroupRuleInvalidEtherType = (ethertype: string) =>
  neutron(
    'BAD_REQUEST',
    400,
    'SecurityGroupRuleInvalidEtherType',
    `Security group rule for ethertype '${ethertype}' not supported. Allowed values are ['IPv4', 'IPv6'].`,
  );
export const securityGroupInvalidPortValue = (port: string) =>
  neutron('BAD_REQUEST', 400, 'SecurityGroupInvalidPortValue', `Invalid value for port ${port}`);
export const securityGroupInvalidPortRange = () =>
  neutron(
    'BAD_REQUEST',
    400,
    'SecurityGroupInvalidPortRange',
    'For TCP/UDP protocols, port_range_min must be <= port_range_max',
  );
export const securityGroupInvalidIcmpValue = (field: string, attr: string, value: number) =>
  neutron(
    'BAD_REQUEST',
    400,
    'SecurityGroupInvalidIcmpValue',
    `Invalid value for ICMP ${field} (${attr}) ${value}. It must be 0 to 255.`,
  );
export const securityGroupMissingIcmpType = (value: number) =>
  neutron(
    'BAD_REQUEST',
    400,
    'SecurityGroupMissingIcmpType',
    `ICMP code (port-range-max) ${value} is provided but ICMP type (port-range-min) is missing.`,
  );
export const securityGroupInvalidProtocolForPort = (protocol: string) =>
  neutron(
    'BAD_REQUEST',
    400,
    'SecurityGroupInvalidProtocolForPort',
    `Ports cannot be specified for protocol ${protocol}. Ports are only supported for DCCP, SCTP, TCP, UDP, UDPLITE.`,
  );
export const securityGroupProtocolRequiredWithPorts = () =>
  neutron(
    'BAD_REQUEST',
    400,
    'SecurityGroupProtocolRequiredWithPorts',
    'Must also specify protocol if port range is given.',
  );
export const securityGroupEthertypeConflictWithProtocol = (ethertype: string, protocol: string) =>
  neutron(
    'BAD_REQUEST',
    400,
    'SecurityGroupEthertypeConflictWithProtocol',
    `Invalid ethertype ${ethertype} for protocol ${protocol}.`,
  );
export const securityGroupRuleParameterConflict = (ethertype: string, cidr: string) =>
  neutron(
    'BAD_REQUEST',
    400,
    'SecurityGroupRuleParameterConflict',
    `Conflicting value ethertype ${ethertype} for CIDR ${cidr}`,
  );
export const securityGroupMultipleRemoteEntities = () =>
  neutron(
    'BAD_REQUEST',
    400,
    'SecurityGroupMultipleRemoteEntites',
    'Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.',
  );
export const securityGroupNotSingleGroupRules = () =>
  neutron(
    'BAD_REQUEST',
    400,
    'SecurityGroupNotSingleGroupRules',
    'Only allowed to update rules for one security profile at a time',
  );
export const securityGroupRulesNotSingleProject = () =>
  neutron(
    'BAD_REQUEST',
    400,
    'SecurityGroupRulesNotSingleProject',
    'Multiple project_ids in bulk security group rule create not allowed',
  );
export const invalidCidr = (input: string) =>
  neutron('BAD_REQUEST', 400, 'InvalidCIDR', `Invalid CIDR ${input} given as IP prefix.`);
export const addressGroupNotFound = (id: string) =>
  neutron('NOT_FOUND', 404, 'AddressGroupNotFound', `Address group ${id} could not be found.`);
/** ports: security groups need port security (neutron/extensions/portsecurity.py) */
export const portSecurityAndIpRequiredForSecurityGroups = () =>
  neutron(
    'BAD_REQUEST',
    400,
    'PortSecurityAndIPRequiredForSecurityGroups',
    'Port security must be enabled and port must have an IP address in order to use security groups.',
  );
export const portSecurityPortHasSecurityGroup = () =>
  neutron(
    'CONFLICT',
    409,
    'PortSecurityPortHasSecurityGroup',
    'Port has security group associated. Cannot disable port security or IP address until security group is removed.',
  );
/** neutron_lib/exceptions/allowedaddresspairs.py */
export const addressPairAndPortSecurityRequired = () =>
  neutron(
    'CONFLICT',
    409,
    'AddressPairAndPortSecurityRequired',
    'Port Security must be enabled in order to have allowed address pairs on a port.',
  );
export const allowedAddressPairsMissingIp = () =>
  neutron('BAD_REQUEST', 400, 'AllowedAddressPairsMissingIP', 'AllowedAddressPair must contain ip_address');
export const duplicateAddressPairInRequest = (mac: string, ip: string) =>
  neutron(
    'BAD_REQUEST',
    400,
    'DuplicateAddressPairInRequest',
    `Request contains duplicate address pair: mac_address ${mac} ip_address ${ip}.`,
  );
export const allowedAddressPairExhausted = (quota: number) =>
  neutron(
    'BAD_REQUEST',
    400,
    'AllowedAddressPairExhausted',
    `The number of allowed address pair exceeds the maximum ${quota}.`,
  );
/** a webob HTTPBadRequest raised by a validator with its own sentence */
export const plainBadRequest = (message: string) =>
  new DomainError('BAD_REQUEST', 400, message, { type: 'HTTPBadRequest' });
/** neutron/services/revisions RevisionNumberConstraintFailed, a webob 412 (If-Match: revision_number=N) */
export const revisionNumberConstraintFailed = (expected: number, current: number) =>
  neutron(
    'CONFLICT',
    412,
    'RevisionNumberConstraintFailed',
    `Constrained to ${expected}, but current revision is ${current}`,
  );

// ---- L3: routers and floating IPs (neutron_lib/exceptions/l3.py, neutron/db/l3_db.py)
/** neutron_lib BadRequest(resource=..., msg=...) */
export const badResourceRequest = (resource: string, msg: string) =>
  neutron('BAD_REQUEST', 400, 'BadRequest', `Bad ${resource} request: ${msg}.`);
export const routerNotFound = (id: string) =>
  neutron('NOT_FOUND', 404, 'RouterNotFound', `Router ${id} could not be found`);
/** l3_db _ensure_router_not_in_use: the ids of the ports still attached */
export const routerInUse = (id: string, portIds: string[]) =>
  neutron('CONFLICT', 409, 'RouterInUse', `Router ${id} has ports still attached: ${portIds.join(', ')}`);
export const routerInterfaceNotFound = (routerId: string, portId: string) =>
  neutron(
    'NOT_FOUND',
    404,
    'RouterInterfaceNotFound',
    `Router ${routerId} does not have an interface with id ${portId}`,
  );
export const routerInterfaceNotFoundForSubnet = (routerId: string, subnetId: string) =>
  neutron(
    'NOT_FOUND',
    404,
    'RouterInterfaceNotFoundForSubnet',
    `Router ${routerId} has no interface on subnet ${subnetId}`,
  );
export const routerInterfaceInUseByFloatingIp = (routerId: string, subnetId: string) =>
  neutron(
    'CONFLICT',
    409,
    'RouterInterfaceInUseByFloatingIP',
    `Router interface for subnet ${subnetId} on router ${routerId} cannot be deleted, as it is required by one or more floating IPs.`,
  );
export const routerGatewayInUseByFloatingIp = (routerId: string, netId: string) =>
  neutron(
    'CONFLICT',
    409,
    'RouterExternalGatewayInUseByFloatingIp',
    `Gateway cannot be updated for router ${routerId}, since a gateway to external network ${netId} is required by one or more floating IPs.`,
  );
export const servicePortInUse = (portId: string, deviceOwner: string) =>
  neutron(
    'CONFLICT',
    409,
    'ServicePortInUse',
    `Port ${portId} cannot be deleted directly via the port API: has device owner ${deviceOwner}.`,
  );
export const floatingIpNotFound = (id: string) =>
  neutron('NOT_FOUND', 404, 'FloatingIPNotFound', `Floating IP ${id} could not be found`);
export const externalGatewayForFloatingIpNotFound = (netId: string, subnetId: string, portId: string) =>
  neutron(
    'NOT_FOUND',
    404,
    'ExternalGatewayForFloatingIPNotFound',
    `External network ${netId} is not reachable from subnet ${subnetId}.  Therefore, cannot associate Port ${portId} with a Floating IP.`,
  );
export const floatingIpPortAlreadyAssociated = (
  address: string,
  fipId: string,
  portId: string,
  fixedIp: string,
  netId: string,
) =>
  neutron(
    'CONFLICT',
    409,
    'FloatingIPPortAlreadyAssociated',
    `Cannot associate floating IP ${address} (${fipId}) with port ${portId} using fixed IP ${fixedIp}, as that fixed IP already has a floating IP on external network ${netId}.`,
  );

// ---- quotas (neutron_lib OverQuota, TenantQuotaNotFound, AdminRequired; neutron/extensions/quotasv2.py)
/** the resources over their limit, sorted, printed as Python prints the list */
export const overQuota = (resources: readonly string[]) =>
  neutron(
    'QUOTA_EXCEEDED',
    409,
    'OverQuota',
    `Quota exceeded for resources: [${[...resources]
      .sort()
      .map((r) => `'${r}'`)
      .join(', ')}].`,
  );
export const tenantQuotaNotFound = (projectId: string) =>
  neutron('NOT_FOUND', 404, 'TenantQuotaNotFound', `Quota for tenant ${projectId} could not be found.`);
export const adminRequired = (reason: string) =>
  neutron('FORBIDDEN', 403, 'AdminRequired', `User does not have admin privileges: ${reason}.`);
export const quotaPostNotSupported = () =>
  neutron('METHOD_NOT_ALLOWED', 501, 'HTTPNotImplemented', 'POST requests are not supported on this resource.');
export const quotaBelowUsage = (limit: number, resource: string, used: number) =>
  httpBadRequest(`Quota limit ${limit} for ${resource} must be greater than or equal to already used ${used}`);

// ---- subnet pools and address scopes (neutron_lib/exceptions/__init__.py, address_scope.py)
export const subnetPoolNotFound = (id: string) =>
  neutron('NOT_FOUND', 404, 'SubnetPoolNotFound', `Subnet pool ${id} could not be found.`);
export const addressScopeNotFound = (id: string) =>
  neutron('NOT_FOUND', 404, 'AddressScopeNotFound', `Address scope ${id} could not be found.`);
export const prefixVersionMismatch = () =>
  neutron('BAD_REQUEST', 400, 'PrefixVersionMismatch', 'Cannot mix IPv4 and IPv6 prefixes in a subnet pool.');
export const emptySubnetPoolPrefixList = () =>
  neutron('BAD_REQUEST', 400, 'EmptySubnetPoolPrefixList', 'Empty subnet pool prefix list.');
export const unsupportedMinSubnetPoolPrefix = (prefix: number, version: number) =>
  neutron(
    'BAD_REQUEST',
    400,
    'UnsupportedMinSubnetPoolPrefix',
    `Prefix '${prefix}' not supported in IPv${version} pool.`,
  );
export const illegalSubnetPoolPrefixBounds = (type: string, len: number, baseType: string, baseLen: number) =>
  neutron(
    'BAD_REQUEST',
    400,
    'IllegalSubnetPoolPrefixBounds',
    `Illegal prefix bounds: ${type}=${len}, ${baseType}=${baseLen}.`,
  );
export const illegalSubnetPoolPrefixUpdate = (msg: string) =>
  neutron('BAD_REQUEST', 400, 'IllegalSubnetPoolPrefixUpdate', `Illegal update to prefixes: ${msg}.`);
export const illegalSubnetPoolUpdate = (reason: string) =>
  neutron('BAD_REQUEST', 400, 'IllegalSubnetPoolUpdate', `Illegal subnetpool update : ${reason}.`);
export const subnetPoolDeleteError = (reason: string) =>
  neutron('BAD_REQUEST', 400, 'SubnetPoolDeleteError', `Unable to delete subnet pool: ${reason}.`);
export const illegalSubnetPoolAssociationToAddressScope = (poolId: string, scopeId: string) =>
  neutron(
    'BAD_REQUEST',
    400,
    'IllegalSubnetPoolAssociationToAddressScope',
    `Illegal subnetpool association: subnetpool ${poolId} cannot be associated with address scope ${scopeId}.`,
  );
export const illegalSubnetPoolIpVersionAssociation = (poolId: string, scopeId: string, version: number) =>
  neutron(
    'BAD_REQUEST',
    400,
    'IllegalSubnetPoolIpVersionAssociationToAddressScope',
    `Illegal subnetpool association: subnetpool ${poolId} cannot associate with address scope ${scopeId} because subnetpool ip_version is not ${version}.`,
  );
export const addressScopePrefixConflict = () =>
  neutron(
    'CONFLICT',
    409,
    'AddressScopePrefixConflict',
    'Failed to associate address scope: subnetpools within an address scope must have unique prefixes.',
  );
export const addressScopeInUse = (id: string) =>
  neutron(
    'CONFLICT',
    409,
    'AddressScopeInUse',
    `Unable to complete operation on address scope ${id}. There are one or more subnet pools in use on the address scope.`,
  );
export const addressScopeUpdateError = (id: string, reason: string) =>
  neutron('BAD_REQUEST', 400, 'AddressScopeUpdateError', `Unable to update address scope ${id} : ${reason}.`);
export const minPrefixSubnetAllocationError = (prefixlen: number, min: number) =>
  neutron(
    'BAD_REQUEST',
    400,
    'MinPrefixSubnetAllocationError',
    `Unable to allocate subnet with prefix length ${prefixlen}, minimum allowed prefix is ${min}.`,
  );
export const maxPrefixSubnetAllocationError = (prefixlen: number, max: number) =>
  neutron(
    'BAD_REQUEST',
    400,
    'MaxPrefixSubnetAllocationError',
    `Unable to allocate subnet with prefix length ${prefixlen}, maximum allowed prefix is ${max}.`,
  );
/**
 * neutron_lib SubnetAllocationError is a plain NeutronException, which Neutron answers with a 500;
 * stackbox never answers bad input or an exhausted pool with a 500, so it is a 409 with the same
 * type and message (docs/compatibility.md)
 */
export const subnetAllocationError = (reason: string) =>
  neutron('CONFLICT', 409, 'SubnetAllocationError', `Failed to allocate subnet: ${reason}.`);
export const subnetPoolQuotaExceeded = () =>
  neutron('QUOTA_EXCEEDED', 409, 'SubnetPoolQuotaExceeded', 'Per-tenant subnet pool prefix quota exceeded.');
/** netaddr's AddrFormatError for a prefix length past the family's width */
export const addrFormatError = (text: string) =>
  neutron('BAD_REQUEST', 400, 'AddrFormatError', `invalid IPNetwork ${text}`);
export const networkSubnetPoolAffinityError = () =>
  neutron(
    'BAD_REQUEST',
    400,
    'NetworkSubnetPoolAffinityError',
    'Subnets hosted on the same network must be allocated from the same subnet pool.',
  );
export const networkAddressScopeAffinityError = () =>
  neutron(
    'BAD_REQUEST',
    400,
    'NetworkAddressScopeAffinityError',
    'Subnets of the same address family hosted on the same network must all participate in the same address scope.',
  );
// ---- metering (neutron_lib/exceptions/metering.py; neutron/services/metering/metering_plugin.py)
export const meteringLabelNotFound = (id: string) =>
  neutron('NOT_FOUND', 404, 'MeteringLabelNotFound', `Metering label '${id}' does not exist.`);
export const meteringLabelRuleNotFound = (id: string) =>
  neutron('NOT_FOUND', 404, 'MeteringLabelRuleNotFound', `Metering label rule '${id}' does not exist.`);
export const meteringLabelRuleOverlaps = (prefix: string) =>
  neutron(
    'CONFLICT',
    409,
    'MeteringLabelRuleOverlaps',
    `Metering label rule with remote_ip_prefix '${prefix}' overlaps another.`,
  );
/**
 * neutron_lib's bare Invalid, which the metering plugin raises for its own prefix checks. Zed's
 * API maps no status to it and answers 500; stackbox answers 400 with the same type and message.
 */
export const meteringInvalid = (message: string) => neutron('BAD_REQUEST', 400, 'Invalid', message);
/** webob's HTTPNotFound: what Neutron answers when a GET or DELETE fails its policy */
export const resourceNotFound = () =>
  new DomainError('NOT_FOUND', 404, 'The resource could not be found.', { type: 'HTTPNotFound' });
// ---- provider segments (neutron_lib VlanIdInUse, FlatNetworkInUse, TunnelIdInUse, NoNetworkAvailable)
export const vlanIdInUse = (vlanId: number, physnet: string) =>
  neutron(
    'CONFLICT',
    409,
    'VlanIdInUse',
    `Unable to create the network. The VLAN ${vlanId} on physical network ${physnet} is in use.`,
  );
export const flatNetworkInUse = (physnet: string) =>
  neutron(
    'CONFLICT',
    409,
    'FlatNetworkInUse',
    `Unable to create the flat network. Physical network ${physnet} is in use.`,
  );
export const tunnelIdInUse = (tunnelId: number) =>
  neutron('CONFLICT', 409, 'TunnelIdInUse', `Unable to create the network. The tunnel ID ${tunnelId} is in use.`);
export const noNetworkAvailable = () =>
  neutron(
    'NO_NETWORK_AVAILABLE',
    503,
    'NoNetworkAvailable',
    'Unable to create the network. No tenant network is available for allocation.',
  );
// network RBAC policies (neutron_lib/exceptions/rbac.py, neutron_lib/exceptions/__init__.py)
export const rbacPolicyNotFound = (id: string, type = 'unknown') =>
  neutron('NOT_FOUND', 404, 'RbacPolicyNotFound', `RBAC policy of type ${type} with ID ${id} not found`);
export const duplicateRbacPolicy = () =>
  neutron('CONFLICT', 409, 'DuplicateRbacPolicy', 'An RBAC policy already exists with those values.');
export const invalidSharedSetting = (networkId: string) =>
  neutron(
    'CONFLICT',
    409,
    'InvalidSharedSetting',
    `Unable to reconfigure sharing settings for network ${networkId}. Multiple tenants are using it.`,
  );
/** Neutron appends each failing callback's text to Details; stackbox names the one reason. */
export const rbacPolicyInUse = (objectId: string, details: string) =>
  neutron(
    'CONFLICT',
    409,
    'RbacPolicyInUse',
    `RBAC policy on object ${objectId} cannot be removed because other objects depend on it.\nDetails: ${details}`,
  );
export const invalidActionForType = (action: string, objectType: string, valid: readonly string[]) =>
  neutron(
    'BAD_REQUEST',
    400,
    'InvalidActionForType',
    `Invalid action '${action}' for object type '${objectType}'. Valid actions: (${valid.map((v) => `'${v}'`).join(', ')})`,
  );
export const readOnlyAttribute = (name: string) =>
  new DomainError('BAD_REQUEST', 400, `Cannot update read-only attribute ${name}`, { type: 'HTTPBadRequest' });

// agents and availability zones (neutron/extensions/agent.py, neutron_lib/exceptions/availability_zone.py)
export const agentNotFound = (id: string) =>
  neutron('NOT_FOUND', 404, 'AgentNotFound', `Agent ${id} could not be found.`);
export const availabilityZoneNotFound = (name: string) =>
  neutron('NOT_FOUND', 404, 'AvailabilityZoneNotFound', `AvailabilityZone ${name} could not be found.`);
export const networkIpAvailabilityNotFound = (id: string) =>
  neutron('NOT_FOUND', 404, 'NetworkNotFound', `Network ${id} could not be found.`);

// ---- tags (neutron/extensions/tagging.py)
export const tagNotFound = (tag: string) => neutron('NOT_FOUND', 404, 'TagNotFound', `Tag ${tag} could not be found.`);
/** `resource`: Neutron's collection name with underscores (security_groups) */
export const tagResourceNotFound = (resource: string, id: string) =>
  neutron('NOT_FOUND', 404, 'TagResourceNotFound', `Resource ${resource} ${id} could not be found.`);
/** tagging.py's HTTPNotFound("not supported") for POST /{resource}/{id}/tags */
export const tagCreateNotSupported = () => neutron('NOT_FOUND', 404, 'HTTPNotFound', 'not supported');
// segments (neutron/services/segments/exceptions.py, neutron_lib/exceptions/multiprovidernet.py)
export const segmentNotFound = (id: string) =>
  neutron('NOT_FOUND', 404, 'SegmentNotFound', `Segment ${id} could not be found.`);
export const segmentInUse = (id: string, subnetIds: string[]) =>
  neutron(
    'CONFLICT',
    409,
    'SegmentInUse',
    `Segment '${id}' cannot be deleted: The segment is still associated with subnet(s) ${subnetIds.join(', ')}.`,
  );
/** the network has a segment of that type on that physical network already (uniq_networksegment0…) */
export const duplicateNetworkSegment = () =>
  neutron(
    'CONFLICT',
    409,
    'NeutronDbObjectDuplicateEntry',
    "Failed to create a duplicate NetworkSegment: for attribute(s) ['network_id', 'network_type', 'physical_network'] with value(s) None",
  );
export const subnetsNotAllAssociatedWithSegments = (networkId: string) =>
  neutron(
    'BAD_REQUEST',
    400,
    'SubnetsNotAllAssociatedWithSegments',
    `All of the subnets on network '${networkId}' must either all be associated with segments or all not associated with any segment.`,
  );
export const networkIdsDontMatch = (subnetNetwork: string, segmentId: string) =>
  neutron(
    'BAD_REQUEST',
    400,
    'NetworkIdsDontMatch',
    `The subnet's network id, '${subnetNetwork}', doesn't match the network_id of segment '${segmentId}'`,
  );
export const subnetSegmentAssociationChangeNotAllowed = () =>
  neutron(
    'BAD_REQUEST',
    400,
    'SubnetSegmentAssociationChangeNotAllowed',
    'A subnet that is already associated with a segment cannot have its segment association changed.',
  );
export const noUpdateSubnetWhenMultipleSegmentsOnNetwork = (networkId: string) =>
  neutron(
    'BAD_REQUEST',
    400,
    'NoUpdateSubnetWhenMultipleSegmentsOnNetwork',
    `The network '${networkId}' has multiple segments, it is only possible to associate an existing subnet with a segment on networks with a single segment.`,
  );
export const segmentsSetInConjunctionWithProviders = () =>
  neutron(
    'BAD_REQUEST',
    400,
    'SegmentsSetInConjunctionWithProviders',
    'Segments and provider values cannot both be set.',
  );
export const segmentsContainDuplicateEntry = () =>
  neutron('BAD_REQUEST', 400, 'SegmentsContainDuplicateEntry', 'Duplicate segment entry in request.');
/** neutron/api/v2/base.py _validate_filter_parameters: a filter the resource does not have (a Python list repr) */
export const invalidFilter = (names: string[]) =>
  httpBadRequest(`[${names.map((n) => `'${n}'`).join(', ')}] is invalid attribute for filtering`);
// the agent schedulers (neutron_lib/exceptions/dhcpagentscheduler.py, neutron/extensions/l3agentscheduler.py)
export const invalidDhcpAgent = (id: string) =>
  neutron('NOT_FOUND', 404, 'InvalidDHCPAgent', `Agent ${id} is not a valid DHCP Agent or has been disabled.`);
export const networkHostedByDhcpAgent = (networkId: string, agentId: string) =>
  neutron(
    'CONFLICT',
    409,
    'NetworkHostedByDHCPAgent',
    `The network ${networkId} has been already hosted by the DHCP Agent ${agentId}.`,
  );
export const networkNotHostedByDhcpAgent = (networkId: string, agentId: string) =>
  neutron(
    'CONFLICT',
    409,
    'NetworkNotHostedByDhcpAgent',
    `The network ${networkId} is not hosted by the DHCP Agent ${agentId}.`,
  );
export const invalidL3Agent = (id: string) =>
  neutron('NOT_FOUND', 404, 'InvalidL3Agent', `Agent ${id} is not a L3 Agent or has been disabled`);
export const routerHostedByL3Agent = (routerId: string, agentId: string) =>
  neutron(
    'CONFLICT',
    409,
    'RouterHostedByL3Agent',
    `The router ${routerId} has been already hosted by the L3 Agent ${agentId}.`,
  );
export const routerL3AgentMismatch = (routerId: string, agentId: string) =>
  neutron(
    'CONFLICT',
    409,
    'RouterL3AgentMismatch',
    `Cannot host distributed router ${routerId} on legacy L3 agent ${agentId}.`,
  );
