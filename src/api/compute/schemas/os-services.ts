/** os-services bodies and query (schemas/services.py). */
import { Type } from '@sinclair/typebox';
import { boolean } from './flavor-manage.js';
import { queryParam } from './os-keypairs.js';

const fqdn = Type.String({ pattern: '^[a-zA-Z0-9-._]*$', minLength: 1, maxLength: 255 });
const text255 = Type.String({ minLength: 1, maxLength: 255 });

export interface ServiceUpdateBody {
  host?: string;
  binary?: string;
  disabled_reason?: string;
  forced_down?: boolean | string;
  status?: 'enabled' | 'disabled';
}

export const serviceUpdate = {
  '2.1': Type.Unsafe<ServiceUpdateBody>(
    Type.Object(
      { host: fqdn, binary: text255, disabled_reason: Type.Optional(text255) },
      { additionalProperties: false },
    ),
  ),
  '2.11': Type.Unsafe<ServiceUpdateBody>(
    Type.Object(
      { host: fqdn, binary: text255, disabled_reason: Type.Optional(text255), forced_down: Type.Optional(boolean) },
      { additionalProperties: false },
    ),
  ),
  '2.53': Type.Unsafe<ServiceUpdateBody>(
    Type.Object(
      {
        status: Type.Optional(Type.Unsafe<'enabled' | 'disabled'>({ type: 'string', enum: ['enabled', 'disabled'] })),
        disabled_reason: Type.Optional(text255),
        forced_down: Type.Optional(boolean),
      },
      { additionalProperties: false },
    ),
  ),
};

export const servicesQuery = {
  '2.1': Type.Unsafe<{ host?: string | string[]; binary?: string | string[] }>({
    type: 'object',
    properties: { host: { type: ['string', 'array'] }, binary: { type: ['string', 'array'] } },
    additionalProperties: true,
  }),
  '2.75': Type.Object({ host: queryParam, binary: queryParam }, { additionalProperties: false }),
};
