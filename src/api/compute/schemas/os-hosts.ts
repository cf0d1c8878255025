/** PUT /os-hosts/{host} body (schemas/hosts.py update), as Nova's JSON Schema has it. */
import { Type } from '@sinclair/typebox';

const ENABLE = ['enable', 'disable', 'Enable', 'Disable', 'ENABLE', 'DISABLE'];

export interface HostUpdateBody {
  status?: string;
  maintenance_mode?: string;
}

export const hostUpdate = {
  '2.1': Type.Unsafe<HostUpdateBody>({
    type: 'object',
    properties: {
      status: { type: 'string', enum: ENABLE },
      maintenance_mode: { type: 'string', enum: ENABLE },
    },
    anyOf: [{ required: ['status'] }, { required: ['maintenance_mode'] }],
    additionalProperties: false,
  }),
};
