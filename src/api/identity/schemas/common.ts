/** keystone/common/validation/parameter_types.py, the pieces the admin API schemas share. */
export const name = { type: 'string', minLength: 1, maxLength: 255, pattern: '[\\S]+' };
export const idString = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9-]+$' };
export const nullable = (s: Record<string, unknown>) => ({ anyOf: [s, { type: 'null' }] });
export const description = { type: ['string', 'null'] };
export const boolean = { type: 'boolean' };
export const tags = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^,/]*$' }, maxItems: 80 };
export const options = { type: 'object' };

/** Wraps a member schema as {"<key>": member}, the envelope every Keystone write takes. */
export const envelope = (key: string, member: Record<string, unknown>) => ({
  type: 'object', required: [key], properties: { [key]: member },
});
