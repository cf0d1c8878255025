/** keystone/credential/schema.py: credential create and update. */
import { Type } from '@sinclair/typebox';

const props = {
  blob: { type: 'string' },
  project_id: { type: 'string' },
  type: { type: 'string' },
  user_id: { type: 'string' },
};
export interface CredentialBody {
  blob: string;
  type: string;
  user_id: string;
  project_id?: string;
  [extra: string]: unknown;
}
export const credentialCreateBody = Type.Object({
  credential: Type.Unsafe<CredentialBody>({
    type: 'object',
    properties: props,
    additionalProperties: true,
    oneOf: [
      {
        title: 'ec2 credential requires project_id',
        required: ['blob', 'type', 'user_id', 'project_id'],
        properties: { type: { enum: ['ec2'] } },
      },
      {
        title: 'non-ec2 credential does not require project_id',
        required: ['blob', 'type', 'user_id'],
        properties: { type: { not: { enum: ['ec2'] } } },
      },
    ],
  }),
});
/**
 * Keystone Zed's update schema (any of the properties, at least one). Debian's security update
 * narrows it to the blob alone; Tempest's credential test moves a credential to another project,
 * so the Zed schema is kept, and the owner check runs on the merged credential.
 */
export const credentialUpdateBody = Type.Object({
  credential: Type.Unsafe<Partial<CredentialBody>>({
    type: 'object',
    properties: props,
    minProperties: 1,
    additionalProperties: true,
  }),
});
/** POST /v3/users/{user_id}/credentials/OS-EC2: Keystone validates nothing but the project */
export const ec2CreateBody = Type.Unsafe<{ tenant_id?: unknown }>({ type: 'object' });
