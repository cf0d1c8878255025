/** keystone/catalog/schema.py: region, service and endpoint create/update (extra properties allowed). */
import { Type } from '@sinclair/typebox';
import { description, nullableString } from './common.js';

// Keystone's boolean parameter type: {'type': 'boolean', 'enum': [True, False, None]}
const enabled = Type.Unsafe<boolean>({ type: 'boolean', enum: [true, false, null] });
const serviceName = Type.String({ minLength: 1, maxLength: 255, pattern: '[\\S]+' });
const serviceType = Type.String({ minLength: 1, maxLength: 255 });
const url = Type.String({ minLength: 0, maxLength: 225, pattern: '^[a-zA-Z0-9+.-]+:.+' });
const iface = Type.Unsafe<string>({ type: 'string', enum: ['admin', 'internal', 'public'] });

const regionProps = {
  description: Type.Optional(description),
  // Keystone's region id is any string (an empty one means "generate one")
  id: Type.Optional(Type.String()),
  parent_region_id: Type.Optional(nullableString()),
};
export const regionCreateBody = Type.Object({ region: Type.Object(regionProps, { additionalProperties: true }) });
export const regionUpdateBody = Type.Object({
  region: Type.Object(regionProps, { minProperties: 1, additionalProperties: true }),
});

export const serviceCreateBody = Type.Object({
  service: Type.Object(
    { enabled: Type.Optional(enabled), name: Type.Optional(serviceName), type: serviceType },
    { additionalProperties: true },
  ),
});
export const serviceUpdateBody = Type.Object({
  service: Type.Object(
    { enabled: Type.Optional(enabled), name: Type.Optional(serviceName), type: Type.Optional(serviceType) },
    { minProperties: 1, additionalProperties: true },
  ),
});

const endpointProps = {
  enabled: Type.Optional(enabled),
  interface: iface,
  region_id: Type.Optional(nullableString()),
  region: Type.Optional(nullableString()),
  service_id: Type.String(),
  url,
};
export const endpointCreateBody = Type.Object({
  endpoint: Type.Object(endpointProps, { additionalProperties: true }),
});
export const endpointUpdateBody = Type.Object({
  endpoint: Type.Object(
    {
      ...endpointProps,
      interface: Type.Optional(iface),
      service_id: Type.Optional(Type.String()),
      url: Type.Optional(url),
    },
    { minProperties: 1, additionalProperties: true },
  ),
});
