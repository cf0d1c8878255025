/**
 * keystone/common/validation/parameter_types.py, the pieces the admin API schemas share, as TypeBox
 * builders that emit Keystone's JSON Schema unchanged (Ajv's messages are what clients see).
 */
import { Type, type TSchema } from '@sinclair/typebox';

export const name = Type.String({ minLength: 1, maxLength: 255, pattern: '[\\S]+' });
export const idString = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9-]+$' });
export const nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
// a type list, not TypeBox's anyOf: Ajv words a failure of the two differently
export const nullableString = () => Type.Unsafe<string | null>({ type: ['string', 'null'] });
export const description = nullableString();
export const boolean = Type.Boolean();
export const tags = Type.Array(Type.String({ minLength: 1, maxLength: 255, pattern: '^[^,/]*$' }), { maxItems: 80 });
// Type.Object would add `properties: {}`; Keystone says only "an object"
export const options = Type.Unsafe<Record<string, unknown>>({ type: 'object' });
