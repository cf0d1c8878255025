/** POST /servers/{id}/os-interface bodies (nova/api/openstack/compute/schemas/attach_interfaces.py). */
import type { JsonSchema } from '../../../http/validation.js';

// parameter_types.ip_address: oneOf ipv4 / ipv6
const ipAddress = { type: 'string', oneOf: [{ format: 'ipv4' }, { format: 'ipv6' }] };

function attachment(withTag: boolean): JsonSchema {
  const properties: Record<string, unknown> = {
    net_id: { type: 'string', format: 'uuid' },
    port_id: { type: 'string', format: 'uuid' },
    fixed_ips: {
      type: 'array', minItems: 1, maxItems: 1,
      items: { type: 'object', properties: { ip_address: ipAddress }, required: ['ip_address'], additionalProperties: false },
    },
  };
  // parameter_types.tag: no comma or slash, 1..60 characters (nova/objects/tag.py MAX_TAG_LENGTH)
  if (withTag) properties.tag = { type: 'string', minLength: 1, maxLength: 60, pattern: '^[^,/]*$' };
  return { type: 'object', properties, additionalProperties: false };
}

const create = (withTag: boolean): JsonSchema => ({
  type: 'object', properties: { interfaceAttachment: attachment(withTag) }, additionalProperties: false,
});

/** 2.1 `create`, 2.49 `create_v249` (tag) */
export const interfaceCreateBody = { '2.1': create(false), '2.49': create(true) };

// index_query/show_query reject parameters only from 2.102, above our maximum (2.96): nothing to check
