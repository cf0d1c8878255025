/**
 * The compute (Nova) error catalogue: one factory per error, each with Nova's wording, so that a
 * message is written once however many handlers or services raise it. Codes and statuses are
 * those of DomainError (src/domain/errors.ts), which every dialect renders.
 */
import { DomainError } from './errors.js';

/** servers.py create answers ImageNotFound with its own words */
export const imageNotFoundForCreate = () => new DomainError('IMAGE_NOT_FOUND', 400, 'Can not find requested image');

/** ips.py show: the server has no address on the network the URL names */
export const notNetworkMember = () => new DomainError('NOT_FOUND', 404, 'Instance is not a member of specified network');

/** instance_actions.py show: no action with that request id on the server */
export const actionNotFound = (requestId: string) => new DomainError('ACTION_NOT_FOUND', 404, `Action ${requestId} not found`);
