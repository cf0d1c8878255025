/**
 * Reading metadef request bodies as Glance's deserializers do: a body is required, the read-only
 * attributes are refused with 403, and the body is validated against the schema document Glance
 * publishes for it (its first error, worded as python-jsonschema's, after Glance's prefix).
 */
import { compileSchema, type JsonSchema } from '../../http/validation.js';
import { badRequest, forbidden } from '../../domain/errors.js';
import type { PropertySpec } from '../../services/image/metadef-namespace-service.js';

/** the read-only attributes of namespaces and objects; properties, tags and associations refuse only the timestamps */
export const READ_ONLY_LINKED = ['self', 'schema', 'created_at', 'updated_at'];
export const READ_ONLY_TIMES = ['created_at', 'updated_at'];

/** the document without "format": "regex" (a format the validator does not know; Glance's ignores it too) */
function forValidation(doc: unknown): unknown {
  if (Array.isArray(doc)) return doc.map(forValidation);
  if (doc === null || typeof doc !== 'object') return doc;
  return Object.fromEntries(
    Object.entries(doc as Record<string, unknown>)
      .filter(([k, v]) => !(k === 'format' && v === 'regex'))
      .map(([k, v]) => [k, forValidation(v)]),
  );
}

const prepared = new WeakMap<JsonSchema, JsonSchema>();

export function metadefBody(
  body: unknown,
  doc: JsonSchema,
  readOnly: string[] = READ_ONLY_LINKED,
): Record<string, unknown> {
  if (body === undefined || body === null) throw badRequest('Body expected in request.');
  if (typeof body === 'object' && !Array.isArray(body)) {
    for (const key of readOnly) if (key in body) throw forbidden(`Attribute '${key}' is read-only.`);
  }
  let schema = prepared.get(doc);
  if (!schema) {
    schema = forValidation(doc) as JsonSchema;
    prepared.set(doc, schema);
  }
  const v = compileSchema(schema).check(body);
  if (v) throw badRequest(`Provided object does not match schema '${String(doc.name)}': ${v.message}`);
  return body as Record<string, unknown>;
}

/** the attributes of Glance's PropertyType model; anything else in a body is dropped, as wsme does */
const PROPERTY_KEYS = [
  'type',
  'title',
  'description',
  'operators',
  'default',
  'readonly',
  'minimum',
  'maximum',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'items',
  'uniqueItems',
  'minItems',
  'maxItems',
  'additionalItems',
];

export function propertySchemaOf(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(PROPERTY_KEYS.filter((k) => value[k] !== undefined).map((k) => [k, value[k]]));
}

export function propertySpecs(properties: unknown): PropertySpec[] {
  if (properties === null || typeof properties !== 'object') return [];
  return Object.entries(properties as Record<string, Record<string, unknown>>).map(([name, value]) => ({
    name,
    schema: propertySchemaOf(value),
  }));
}

export const optString = (v: unknown): string | null => (typeof v === 'string' ? v : null);
