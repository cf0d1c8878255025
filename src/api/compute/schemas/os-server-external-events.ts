/**
 * Request schemas for POST /os-server-external-events
 * (nova/api/openstack/compute/schemas/server_external_events.py): the event names grow with the
 * microversion; no maxItems on the list.
 */
import type { JsonSchema } from '../../../http/validation.js';

const BASE_NAMES = ['network-changed', 'network-vif-plugged', 'network-vif-unplugged', 'network-vif-deleted'];
/** nova/objects/external_event.py EVENT_STATUSES */
export const EVENT_STATUSES = ['failed', 'completed', 'in-progress'];

function create(names: string[]): JsonSchema {
  return {
    type: 'object',
    properties: {
      events: {
        type: 'array', minItems: 1,
        items: {
          type: 'object',
          properties: {
            server_uuid: { type: 'string', format: 'uuid' },
            name: { type: 'string', enum: names },
            status: { type: 'string', enum: EVENT_STATUSES },
            tag: { type: 'string', maxLength: 255 },
          },
          required: ['server_uuid', 'name'],
          additionalProperties: false,
        },
      },
    },
    required: ['events'],
    additionalProperties: false,
  };
}

const v251 = [...BASE_NAMES, 'volume-extended'];
const v276 = [...v251, 'power-update'];
const v282 = [...v276, 'accelerator-request-bound'];
const v293 = [...v282, 'volume-reimaged'];

export const createBody = create(BASE_NAMES);
export const createBodyV2_51 = create(v251);
export const createBodyV2_76 = create(v276);
export const createBodyV2_82 = create(v282);
export const createBodyV2_93 = create(v293);

export const externalEventsCreate = {
  '2.1': createBody, '2.51': createBodyV2_51, '2.76': createBodyV2_76, '2.82': createBodyV2_82, '2.93': createBodyV2_93,
};
