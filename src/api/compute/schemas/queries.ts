/** Query schemas of GET /limits (schemas/limits.py) and os-instance-actions (schemas/instance_actions.py). */
import { Type } from '@sinclair/typebox';
import { queryParam } from './os-keypairs.js';

// limits.py: tenant_id from 2.57 as Nova writes it (a string or a list, items unchecked)
const tenantId = Type.Optional(Type.Unsafe<string | string[]>({ type: ['string', 'array'] }));

export const limitsQuery = {
  '2.1': Type.Unsafe<{ tenant_id?: string | string[] }>({ type: 'object', additionalProperties: true }),
  '2.57': Type.Object({ tenant_id: tenantId }, { additionalProperties: true }),
  '2.75': Type.Object({ tenant_id: tenantId }, { additionalProperties: false }),
};

const actionsV266 = Type.Object(
  { limit: queryParam, marker: queryParam, 'changes-since': queryParam, 'changes-before': queryParam },
  { additionalProperties: false },
);

export const instanceActionsQuery = {
  // any parameter before 2.58 (ignored); the handler reads them only from 2.58
  '2.1': Type.Unsafe<typeof actionsV266.static>({ type: 'object', additionalProperties: true }),
  '2.58': Type.Object(
    { limit: queryParam, marker: queryParam, 'changes-since': queryParam },
    { additionalProperties: false },
  ),
  '2.66': actionsV266,
};
