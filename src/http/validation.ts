/**
 * JSON-schema validation that rejects rather than repairs (no coercion, no defaults, no stripping
 * of unknown properties) and words its errors the way Nova's validator (python-jsonschema) does,
 * because clients and Tempest compare messages.
 */
import AjvImport, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { isIP } from 'node:net';
import { isUuidLike } from '../lib/ids.js';
import { pyRepr, pyStr } from '../lib/python-repr.js';
import { parseIsoTime } from '../lib/time.js';

// ajv and ajv-formats are CommonJS packages with a default export
const Ajv = AjvImport as unknown as typeof AjvImport.default;
const addFormats = addFormatsImport as unknown as typeof addFormatsImport.default;

export type JsonSchema = Record<string, unknown>;

const ajv = new Ajv({
  allErrors: false,
  coerceTypes: false,
  useDefaults: false,
  removeAdditional: false,
  strict: false,
  // parentSchema in errors (the additionalProperties message names only the unexpected keys)
  verbose: true,
  validateFormats: true,
});
addFormats(ajv, ['ipv4', 'ipv6', 'date', 'email', 'uri']);
ajv.addFormat('uuid', { type: 'string', validate: (s: string) => isUuidLike(s) });
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => parseIsoTime(s) !== null });
ajv.addFormat('ip-address', { type: 'string', validate: (s: string) => isIP(s) !== 0 });
ajv.addFormat('cidr', {
  type: 'string',
  validate: (s: string) => /^[0-9a-fA-F:.]+\/\d{1,3}$/.test(s) && isIP(s.slice(0, s.indexOf('/'))) !== 0,
});
ajv.addFormat('mac-address', { type: 'string', validate: (s: string) => /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(s) });
// Nova's 'name' format (nova/api/validation/validators.py _validate_name): printable characters
// (no Unicode C*/Z* categories other than the plain space), not starting or ending with whitespace
export const INVALID_NAME_MESSAGE =
  "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.";
ajv.addFormat('name', {
  type: 'string',
  validate: (s: string) => !/^\s|\s$/u.test(s) && [...s].every((c) => c === ' ' || !/[\p{C}\p{Z}]/u.test(c)),
});
// Cinder's 'name_skip_leading_trailing_spaces' (cinder/api/validation/validators.py): not empty
// and at most 255 characters once stripped
ajv.addFormat('name_skip_leading_trailing_spaces', {
  type: 'string',
  validate: (s: string) => s.trim().length > 0 && s.trim().length <= 255,
});
// keypair names (validators.py _validate_keypair_name_20 / _292): only these characters, else
// InvalidName with the allowed set spelled out in Python's order
const KEYPAIR_NAME_CHARS: Record<string, string> = {
  keypair_name_20: '_- 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  keypair_name_292: '@._- 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
};
for (const [format, chars] of Object.entries(KEYPAIR_NAME_CHARS)) {
  ajv.addFormat(format, { type: 'string', validate: (s: string) => [...s].every((c) => chars.includes(c)) });
}
const invalidNameMessage = (format: string): string | null => {
  if (format === 'name') return INVALID_NAME_MESSAGE;
  const chars = KEYPAIR_NAME_CHARS[format];
  return chars ? `An invalid 'name' value was provided. The name must be: Only expected characters: [${chars}]` : null;
};
ajv.addFormat('base64', { type: 'string', validate: (s: string) => /^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(s) });

export interface SchemaViolation {
  /** last element of the JSON path (jsonschema's error.path[-1]); '' at the top level */
  field: string;
  /** how many elements the JSON path has (0 at the top level) */
  depth: number;
  /** the offending value */
  value: unknown;
  /** python-jsonschema's message */
  message: string;
}

export interface CompiledSchema {
  schema: JsonSchema;
  /** returns null when the data is valid */
  check(data: unknown): SchemaViolation | null;
}

const compiledCache = new WeakMap<JsonSchema, CompiledSchema>();

export function compileSchema(schema: JsonSchema): CompiledSchema {
  const hit = compiledCache.get(schema);
  if (hit) return hit;
  const validate = ajv.compile(schema);
  const compiled: CompiledSchema = { schema, check: (data) => (validate(data) ? null : describe(validate, data)) };
  compiledCache.set(schema, compiled);
  return compiled;
}

/** Nova's body message: "Invalid input for field/attribute f. Value: v. msg", bare msg at the top. */
export function novaBodyMessage(v: SchemaViolation): string {
  if (v.field === '') return v.message;
  return `Invalid input for field/attribute ${v.field}. Value: ${pyStr(v.value)}. ${v.message}`;
}

/** Nova's query message. */
export function novaQueryMessage(v: SchemaViolation): string {
  if (v.field === '') return v.message;
  return `Invalid input for query parameters ${v.field}. Value: ${pyStr(v.value)}. ${v.message}`;
}

function describe(validate: ValidateFunction, data: unknown): SchemaViolation {
  const errors = validate.errors ?? [];
  // jsonschema yields the oneOf/anyOf error itself, not its branches' errors
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const top = errors.filter(
    (e) =>
      !combinators.some(
        (c) => c !== e && e.schemaPath.startsWith(c.schemaPath.replace(/\/(oneOf|anyOf)$/, '') + '/' + c.keyword + '/'),
      ),
  );
  const err = top[0] ?? errors[0];
  // Ajv reports at least one error whenever validation fails
  if (!err) return { field: '', depth: 0, value: data, message: 'Invalid input' };
  const path = err.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const value = valueAt(data, path);
  // Nova reports an InvalidName cause by its own message, without the field prefix
  const invalidName =
    err.keyword === 'format' ? invalidNameMessage(String((err.params as { format?: string }).format)) : null;
  if (invalidName) return { field: '', depth: path.length, value, message: invalidName };
  return { field: lastField(path), depth: path.length, value, message: message(err, value) };
}

function lastField(path: string[]): string {
  return path.at(-1) ?? '';
}

function valueAt(data: unknown, path: string[]): unknown {
  let cur: unknown = data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function message(err: ErrorObject, value: unknown): string {
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'type': {
      const types = String(p.type)
        .split(',')
        .map((t) => `'${t}'`)
        .join(', ');
      return `${pyRepr(value)} is not of type ${types}`;
    }
    case 'required':
      return `'${String(p.missingProperty)}' is a required property`;
    case 'additionalProperties': {
      const parent = err.parentSchema as
        { properties?: Record<string, unknown>; patternProperties?: Record<string, unknown> } | undefined;
      const known = Object.keys(parent?.properties ?? {});
      const patterns = Object.keys(parent?.patternProperties ?? {}).map((x) => new RegExp(x));
      const extras = Object.keys(value ?? {}).filter((k) => !known.includes(k) && !patterns.some((r) => r.test(k)));
      const list = extras.map((k) => pyRepr(k)).join(', ');
      // jsonschema words it differently when the schema has patternProperties (sorted names and patterns)
      if (parent?.patternProperties) {
        const names = [...extras]
          .sort()
          .map((k) => pyRepr(k))
          .join(', ');
        const regexes = Object.keys(parent.patternProperties)
          .sort()
          .map((k) => pyRepr(k))
          .join(', ');
        return `${names} ${extras.length === 1 ? 'does' : 'do'} not match any of the regexes: ${regexes}`;
      }
      return `Additional properties are not allowed (${list} ${extras.length === 1 ? 'was' : 'were'} unexpected)`;
    }
    case 'enum':
      return `${pyRepr(value)} is not one of ${pyRepr(p.allowedValues)}`;
    case 'const':
      return `${pyRepr(p.allowedValue)} was expected`;
    case 'format':
      return `${pyRepr(value)} is not a '${String(p.format)}'`;
    case 'pattern':
      return `${pyRepr(value)} does not match ${pyRepr(p.pattern)}`;
    case 'maxLength':
    case 'maxItems':
      return `${pyRepr(value)} is too long`;
    case 'maxProperties':
      return `${pyRepr(value)} has too many properties`;
    case 'minLength':
    case 'minItems':
      return `${pyRepr(value)} is too short`;
    case 'minProperties':
      return `${pyRepr(value)} does not have enough properties`;
    case 'minimum':
      return `${pyRepr(value)} is less than the minimum of ${String(p.limit)}`;
    case 'maximum':
      return `${pyRepr(value)} is greater than the maximum of ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `${pyRepr(value)} is less than or equal to the minimum of ${String(p.limit)}`;
    case 'oneOf':
    case 'anyOf':
      return `${pyRepr(value)} is not valid under any of the given schemas`;
    case 'uniqueItems':
      return `${pyRepr(value)} has non-unique elements`;
    case 'not':
      return `${pyRepr(value)} should not be valid under ${pyRepr(err.schema)}`;
    default:
      return err.message ?? 'is invalid';
  }
}
