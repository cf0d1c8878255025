/**
 * Nova's own wording for networking failures on the compute side (nova/exception.py and the
 * messages nova/network/neutron.py substitutes), as opposed to Neutron's texts in
 * domain/ports/network-errors.ts. Statuses are those of the os-interface controller
 * (nova/api/openstack/compute/attach_interfaces.py create).
 */
import { DomainError } from '../errors.js';

export const novaPortNotFound = (portId: string) =>
  new DomainError('PORT_NOT_FOUND', 404, `Port id ${portId} could not be found.`);
export const novaPortInUse = (portId: string) => new DomainError('PORT_IN_USE', 409, `Port ${portId} is still in use.`);
export const portNotUsable = (portId: string, instanceUuid: string) =>
  new DomainError('PORT_NOT_USABLE', 400, `Port ${portId} not usable for instance ${instanceUuid}.`);
export const novaNetworkNotFound = (networkId: string) =>
  new DomainError('NETWORK_NOT_FOUND', 404, `Network ${networkId} could not be found.`);
/** neutron.py _create_port_minimal replaces FixedIpAlreadyInUse's text with this one */
export const fixedIpInUse = (ip: string) =>
  new DomainError('IP_ALREADY_ALLOCATED', 409, `Fixed IP ${ip} is already in use.`);
export const noMoreFixedIps = (networkId: string) =>
  new DomainError('IP_EXHAUSTED', 400, `No fixed IP addresses available for network: ${networkId}`);
/**
 * Nova wraps Neutron's InvalidIpForNetwork in InvalidInput, which the controller does not expect
 * (so Nova answers 500); a client mistake is a 400 here, with Nova's text.
 */
export const fixedIpInvalidForNetwork = (ip: string, networkId: string) =>
  new DomainError(
    'INVALID_IP',
    400,
    `Invalid input received: Fixed IP ${ip} is not a valid ip address for network ${networkId}.`,
  );
export const externalNetworkAttachForbidden = (networkId: string) =>
  new DomainError(
    'EXTERNAL_NETWORK_FORBIDDEN',
    403,
    `It is not allowed to create an interface on external network ${networkId}`,
  );
export const noNetworkAvailable = (projectId: string) =>
  new DomainError(
    'NO_NETWORK_AVAILABLE',
    400,
    `No specific network was requested and none are available for project '${projectId}'.`,
  );
const NETWORK_AMBIGUOUS = 'Multiple possible networks found, use a Network ID to be more specific.';
export const networkAmbiguous = () => new DomainError('NETWORK_AMBIGUOUS', 400, NETWORK_AMBIGUOUS);
/** servers.py create answers the same NetworkAmbiguous with 409 */
export const networkAmbiguousOnCreate = () => new DomainError('NETWORK_AMBIGUOUS', 409, NETWORK_AMBIGUOUS);
export const interfaceAttachFailed = (instanceUuid: string) =>
  new DomainError('INTERFACE_ATTACH_FAILED', 500, `Failed to attach network adapter device to ${instanceUuid}`);
/** nova/compute/manager.py detach_interface: PortNotFound(_("Port %s is not attached") % port_id) */
export const portNotAttached = (portId: string) =>
  new DomainError('INTERFACE_NOT_FOUND', 404, `Port ${portId} is not attached`);
export const interfaceNotOnInstance = (instanceUuid: string, portId: string) =>
  new DomainError('INTERFACE_NOT_FOUND', 404, `Instance ${instanceUuid} does not have a port with id ${portId}`);
