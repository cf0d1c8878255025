/** Validation of one action's body where a route takes several actions (server and flavor actions). */
import type { Static, TSchema } from '@sinclair/typebox';
import { SchemaError } from '../../http/route-table.js';
import { compileSchema } from '../../http/validation.js';

/**
 * Checks an action's body against its schema (Nova's messages on failure) and, having checked it,
 * tells TypeScript it has that schema's type.
 */
export function validateAction<T extends TSchema>(schema: T, body: unknown): asserts body is Static<T> {
  const v = compileSchema(schema).check(body);
  if (v) throw new SchemaError('body', v);
}
