/**
 * Each dialect declares its routes in one explicit table (method, path, handler, policy, schemas by
 * microversion). This module registers them, validates bodies and queries before the handler runs
 * (validation errors beat lookups, as in Nova) and remembers every path so that an unknown method on
 * a known path can answer 405 and the emulator can publish coverage.
 */
import type { FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { Static, TSchema } from '@sinclair/typebox';
import { compileSchema, type JsonSchema, type SchemaViolation } from './validation.js';
import { ApiVersion } from './api-version.js';
import type { PolicyTarget } from '../policy/check.js';

/** Schemas keyed by the first microversion they apply to ("2.1", "2.49", …); non-compute dialects use "1". */
export type VersionedSchemas = Record<string, JsonSchema>;

/**
 * A route as registerRoutes takes it. T is what its policy target resolves to: Nova, Keystone,
 * Glance and Mogan check a PolicyTarget; Neutron's engine also wants the attributes a request sets.
 */
export interface RouteDef<T = PolicyTarget> {
  method: HTTPMethods;
  url: string;
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /**
   * The route's policy rule. With `target`, registerRoutes authorises it after validation and
   * before the handler; without, the handler calls authorize itself (documentation and coverage).
   */
  policy?: string;
  /** what the rule is checked against (the resource's owner); see RouteSpec.target */
  target?: (request: FastifyRequest) => T | Promise<T>;
  /** false for unauthenticated routes (version documents) */
  auth?: boolean;
  body?: VersionedSchemas;
  query?: VersionedSchemas;
  /** the route exists only in this microversion range (compute); outside it → 404 */
  minVersion?: string;
  maxVersion?: string;
}

/** The names of a route URL's `:param` segments, as a union of string literal types. */
type ParamNames<U extends string> = U extends `${string}:${infer P}/${infer Rest}`
  ? P | ParamNames<`/${Rest}`>
  : U extends `${string}:${infer P}`
    ? P
    : never;

/** A route's path parameters, derived from its URL: '/servers/:serverId' gives { serverId: string }. */
export type RouteParams<U extends string> = { [K in ParamNames<U>]: string };

type SchemaMap = Record<string, TSchema>;

type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
type UnionKeys<U> = U extends unknown ? keyof U : never;
type MemberValue<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : undefined) : never;
type PlainObject = Record<string, unknown>;

/**
 * One view of the objects a union of microversioned schemas admits: every field any version knows,
 * `undefined` where a version lacks it (that version's schema rejects it, so it is absent), so that
 * a handler reads `body.keypair.user_id` without narrowing on the microversion first.
 */
export type Combined<U> = [NonNullable<U>] extends [readonly unknown[]]
  ? U
  : [NonNullable<U>] extends [PlainObject]
    ? { [K in UnionKeys<NonNullable<U>>]: Combined<MemberValue<NonNullable<U>, K>> } | Extract<U, null | undefined>
    : U;

/**
 * The type a validated body or query has: the schema's static type, or for schemas given per
 * microversion the Combined view of their union.
 */
type Validated<M, Otherwise> = M extends SchemaMap
  ? [IsUnion<keyof M>] extends [true]
    ? Combined<Static<M[keyof M]>>
    : Static<M[keyof M]>
  : Otherwise;

/** What Fastify's query-string parser gives a route without a query schema. */
export type RawQuery = Record<string, string | string[] | undefined>;

export type TypedRequest<U extends string, B = unknown, Q = RawQuery> = FastifyRequest<{
  Params: RouteParams<U>;
  Body: B;
  Querystring: Q;
}>;

/**
 * A route whose request types come from its URL and schemas: params from the `:name` segments,
 * body and query from the TypeBox schemas that validateRequest checks before the handler runs.
 */
export interface RouteSpec<
  U extends string,
  BM extends SchemaMap | undefined,
  QM extends SchemaMap | undefined,
  T = PolicyTarget,
> extends Omit<RouteDef<T>, 'url' | 'handler' | 'body' | 'query' | 'target'> {
  url: U;
  body?: BM;
  query?: QM;
  /** resolves the policy target (e.g. the server's project); the route is authorised with it */
  target?: (request: TypedRequest<U, Validated<BM, unknown>, Validated<QM, RawQuery>>) => T | Promise<T>;
  handler: (
    request: TypedRequest<U, Validated<BM, unknown>, Validated<QM, RawQuery>>,
    reply: FastifyReply,
  ) => Promise<unknown>;
}

/** Declares a typed route (see RouteSpec). */
export function route<
  const U extends string,
  BM extends SchemaMap | undefined = undefined,
  QM extends SchemaMap | undefined = undefined,
  T = PolicyTarget,
>(spec: RouteSpec<U, BM, QM, T>): RouteDef<T> {
  // The one widening of request types: registerRoutes validates body and query against these very
  // schemas before the handler (or target) runs, and Fastify fills params from this very URL.
  return spec as unknown as RouteDef<T>;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  pattern: RegExp;
  policy?: string;
}

export class SchemaError extends Error {
  constructor(
    readonly where: 'body' | 'query',
    readonly violation: SchemaViolation,
  ) {
    super('schema violation');
  }
}

/** Picks the schema for a microversion: the entry with the highest start version <= mv. */
export function pickSchema(schemas: VersionedSchemas | undefined, mv: ApiVersion | undefined): JsonSchema | undefined {
  if (!schemas) return undefined;
  const entries = Object.entries(schemas);
  if (!mv) return entries[0]?.[1];
  let best: { v: ApiVersion; s: JsonSchema } | undefined;
  for (const [k, s] of entries) {
    const v = ApiVersion.parse(k) ?? new ApiVersion(1, 0);
    if (v.compare(mv) <= 0 && (!best || v.compare(best.v) > 0)) best = { v, s };
  }
  return best?.s;
}

export function validateRequest(route: Pick<RouteDef<unknown>, 'body' | 'query'>, request: FastifyRequest): void {
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

/** A request URL without its query string. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** Methods registered for a path (for 405 answers). */
export function methodsForPath(routes: readonly RegisteredRoute[], path: string): string[] {
  return [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
}
