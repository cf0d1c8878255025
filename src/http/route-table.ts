/**
 * Each dialect declares its routes in one explicit table (method, path, handler, policy, schemas by
 * microversion). This module registers them, validates bodies and queries before the handler runs
 * (validation errors beat lookups, as in Nova) and remembers every path so that an unknown method on
 * a known path can answer 405 and the emulator can publish coverage.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { compileSchema, type JsonSchema, type SchemaViolation } from './validation.js';
import { ApiVersion } from './api-version.js';

/** Schemas keyed by the first microversion they apply to ("2.1", "2.49", …); non-compute dialects use "1". */
export type VersionedSchemas = Record<string, JsonSchema>;

export interface RouteDef {
  method: HTTPMethods;
  url: string;
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** policy rule the handler enforces (documentation and coverage; the handler calls authorize) */
  policy?: string;
  /** false for unauthenticated routes (version documents) */
  auth?: boolean;
  body?: VersionedSchemas;
  query?: VersionedSchemas;
  /** the route exists only in this microversion range (compute); outside it → 404 */
  minVersion?: string;
  maxVersion?: string;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  pattern: RegExp;
  policy?: string;
}

export class SchemaError extends Error {
  constructor(readonly where: 'body' | 'query', readonly violation: SchemaViolation) {
    super('schema violation');
  }
}

/** Picks the schema for a microversion: the entry with the highest start version <= mv. */
export function pickSchema(schemas: VersionedSchemas | undefined, mv: ApiVersion | undefined): JsonSchema | undefined {
  if (!schemas) return undefined;
  const keys = Object.keys(schemas);
  if (!mv) return schemas[keys[0]];
  let best: { v: ApiVersion; s: JsonSchema } | undefined;
  for (const k of keys) {
    const v = ApiVersion.parse(k) ?? new ApiVersion(1, 0);
    if (v.compare(mv) <= 0 && (!best || v.compare(best.v) > 0)) best = { v, s: schemas[k] };
  }
  return best?.s;
}

export function validateRequest(route: RouteDef, request: FastifyRequest): void {
  const mv = request.mv as ApiVersion | undefined;
  const bodySchema = pickSchema(route.body, mv);
  if (bodySchema) {
    const v = compileSchema(bodySchema).check(request.body === undefined ? null : request.body);
    if (v) throw new SchemaError('body', v);
  }
  const querySchema = pickSchema(route.query, mv);
  if (querySchema) {
    const v = compileSchema(querySchema).check(request.query ?? {});
    if (v) throw new SchemaError('query', v);
  }
}

export function pathPattern(url: string): RegExp {
  const escaped = url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

/** Methods registered for a path (for 405 answers). */
export function methodsForPath(routes: readonly RegisteredRoute[], path: string): string[] {
  return [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
}
