/**
 * Request schemas for POST /os-server-external-events
 * (nova/api/openstack/compute/schemas/server_external_events.py): the event names grow with the
 * microversion; no maxItems on the list.
 */
import { Type } from '@sinclair/typebox';

const BASE_NAMES = ['network-changed', 'network-vif-plugged', 'network-vif-unplugged', 'network-vif-deleted'] as const;
/** nova/objects/external_event.py EVENT_STATUSES */
export const EVENT_STATUSES = ['failed', 'completed', 'in-progress'] as const;

function create<N extends string>(names: readonly N[]) {
  return Type.Object(
    {
      events: Type.Array(
        Type.Object(
          {
            server_uuid: Type.String({ format: 'uuid' }),
            // an enum keyword as Nova writes it (Type.Union of literals would emit anyOf)
            name: Type.Unsafe<N>({ type: 'string', enum: [...names] }),
            status: Type.Optional(
              Type.Unsafe<(typeof EVENT_STATUSES)[number]>({ type: 'string', enum: [...EVENT_STATUSES] }),
            ),
            tag: Type.Optional(Type.String({ maxLength: 255 })),
          },
          { additionalProperties: false },
        ),
        { minItems: 1 },
      ),
    },
    { additionalProperties: false },
  );
}

const v251 = [...BASE_NAMES, 'volume-extended'] as const;
const v276 = [...v251, 'power-update'] as const;
const v282 = [...v276, 'accelerator-request-bound'] as const;
const v293 = [...v282, 'volume-reimaged'] as const;

export const createBody = create(BASE_NAMES);
export const createBodyV2_51 = create(v251);
export const createBodyV2_76 = create(v276);
export const createBodyV2_82 = create(v282);
export const createBodyV2_93 = create(v293);

export const externalEventsCreate = {
  '2.1': createBody,
  '2.51': createBodyV2_51,
  '2.76': createBodyV2_76,
  '2.82': createBodyV2_82,
  '2.93': createBodyV2_93,
};
