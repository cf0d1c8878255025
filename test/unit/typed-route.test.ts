/**
 * Typed routes: params come from the URL, body and query from the TypeBox schemas that are
 * validated before the handler, and a route with a policy and a target is authorised by
 * registerRoutes itself. (The types are checked by `npm run typecheck`; this runs them.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { Type } from '@sinclair/typebox';
import { route, SchemaError, type RegisteredRoute } from '../../src/http/route-table.js';
import { registerRoutes } from '../../src/http/register-routes.js';
import type { Runtime } from '../../src/runtime.js';
import type { RequestContext } from '../../src/domain/context.js';

const member = {
  userId: 'u1',
  projectId: 'p1',
  roles: ['member', 'reader'],
  isAdmin: false,
  isService: false,
} as unknown as RequestContext;

const widgetBody = {
  '1': Type.Object(
    { widget: Type.Object({ name: Type.String({ maxLength: 5 }), size: Type.Optional(Type.Integer()) }) },
    { additionalProperties: false },
  ),
};

function fakeRuntime(): Runtime {
  // only what registerRoutes' authentication step reads
  return { tokens: { validate: async () => member } } as unknown as Runtime;
}

async function app() {
  const f = Fastify();
  f.setErrorHandler((e: Error & { status?: number }, _req, reply) => {
    const status = e instanceof SchemaError ? 400 : (e.status ?? 500);
    return reply.status(status).send({ error: e.message });
  });
  const registry: RegisteredRoute[] = [];
  registerRoutes(
    f,
    fakeRuntime(),
    [
      route({
        method: 'POST',
        url: '/owners/:ownerId/widgets/:widgetId',
        body: widgetBody,
        handler: async (request) => {
          // typed without a cast: params from the URL, body from the schema
          const { ownerId, widgetId } = request.params;
          const { name, size } = request.body.widget;
          // @ts-expect-error: the URL has no :colour segment, so the type has no such param
          void request.params.colour;
          // @ts-expect-error: the schema's widget has no colour either
          void request.body.widget.colour;
          return { ownerId, widgetId, name, size: size ?? null };
        },
      }),
      route({
        method: 'GET',
        url: '/projects/:projectId/secret',
        policy: 'os_compute_api:servers:show',
        target: (request) => ({ project_id: request.params.projectId }),
        handler: async (request) => ({ seen: request.params.projectId }),
      }),
    ],
    registry,
  );
  await f.ready();
  return f;
}

test('a typed route gets its params and validated body', async () => {
  const f = await app();
  const ok = await f.inject({
    method: 'POST',
    url: '/owners/o1/widgets/w9',
    payload: { widget: { name: 'abc', size: 2 } },
  });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json(), { ownerId: 'o1', widgetId: 'w9', name: 'abc', size: 2 });
  const bad = await f.inject({
    method: 'POST',
    url: '/owners/o1/widgets/w9',
    payload: { widget: { name: 'too long' } },
  });
  assert.equal(bad.statusCode, 400);
  await f.close();
});

test('registerRoutes authorises a route with a policy and a target before its handler', async () => {
  const f = await app();
  assert.equal((await f.inject({ method: 'GET', url: '/projects/p1/secret' })).statusCode, 200);
  const other = await f.inject({ method: 'GET', url: '/projects/p2/secret' });
  assert.equal(other.statusCode, 403);
  await f.close();
});
