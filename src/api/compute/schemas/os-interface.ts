/** POST /servers/{id}/os-interface bodies (nova/api/openstack/compute/schemas/attach_interfaces.py). */
import { Type } from '@sinclair/typebox';

// parameter_types.ip_address: oneOf ipv4 / ipv6 (kept as Nova writes it, for the same messages)
const ipAddress = Type.Unsafe<string>({ type: 'string', oneOf: [{ format: 'ipv4' }, { format: 'ipv6' }] });

const baseProps = {
  net_id: Type.Optional(Type.String({ format: 'uuid' })),
  port_id: Type.Optional(Type.String({ format: 'uuid' })),
  fixed_ips: Type.Optional(
    Type.Array(Type.Object({ ip_address: ipAddress }, { additionalProperties: false }), { minItems: 1, maxItems: 1 }),
  ),
};
// parameter_types.tag: no comma or slash, 1..60 characters (nova/objects/tag.py MAX_TAG_LENGTH)
const tag = Type.String({ minLength: 1, maxLength: 60, pattern: '^[^,/]*$' });

/** 2.1 `create`, 2.49 `create_v249` (tag) */
export const interfaceCreateBody = {
  '2.1': Type.Object(
    { interfaceAttachment: Type.Optional(Type.Object(baseProps, { additionalProperties: false })) },
    { additionalProperties: false },
  ),
  '2.49': Type.Object(
    {
      interfaceAttachment: Type.Optional(
        Type.Object({ ...baseProps, tag: Type.Optional(tag) }, { additionalProperties: false }),
      ),
    },
    { additionalProperties: false },
  ),
};

// index_query/show_query reject parameters only from 2.102, above our maximum (2.96): nothing to check
