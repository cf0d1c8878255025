/**
 * A route with schemas per microversion: its handler reads a field only the newer version accepts
 * without a cast (Combined), and the older schema still rejects that field at run time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { Type } from '@sinclair/typebox';
import { route, SchemaError, type RegisteredRoute } from '../../src/http/route-table.js';
import { registerRoutes } from '../../src/http/register-routes.js';
import { ApiVersion } from '../../src/http/api-version.js';
import type { Runtime } from '../../src/runtime.js';
import type { RequestContext } from '../../src/domain/context.js';

const member = {
  userId: 'u1',
  projectId: 'p1',
  roles: ['member'],
  isAdmin: false,
  isService: false,
} as unknown as RequestContext;
const runtime = { tokens: { validate: async () => member } } as unknown as Runtime;

const keypairBody = {
  '2.1': Type.Object(
    { keypair: Type.Object({ name: Type.String() }, { additionalProperties: false }) },
    { additionalProperties: false },
  ),
  '2.10': Type.Object(
    {
      keypair: Type.Object(
        { name: Type.String(), user_id: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
};

async function app() {
  const f = Fastify();
  f.setErrorHandler((e: Error & { status?: number }, _req, reply) =>
    reply.status(e instanceof SchemaError ? 400 : (e.status ?? 500)).send({ error: e.message }),
  );
  const registry: RegisteredRoute[] = [];
  registerRoutes(
    f,
    runtime,
    [
      route({
        method: 'POST',
        url: '/keypairs',
        body: keypairBody,
        handler: async (request) => {
          const { name, user_id: userId } = request.body.keypair;
          // @ts-expect-error: no version of the schema has a colour
          void request.body.keypair.colour;
          return { name, userId: userId ?? null };
        },
      }),
    ],
    registry,
    {
      before: (_route, request) => {
        request.mv = ApiVersion.parse(String(request.headers['x-mv'] ?? '2.1')) ?? new ApiVersion(2, 1);
      },
    },
  );
  await f.ready();
  return f;
}

test('a microversioned body is read as one type, and each version validates its own fields', async () => {
  const f = await app();
  const newer = await f.inject({
    method: 'POST',
    url: '/keypairs',
    headers: { 'x-mv': '2.10' },
    payload: { keypair: { name: 'k', user_id: 'u2' } },
  });
  assert.equal(newer.statusCode, 200);
  assert.deepEqual(newer.json(), { name: 'k', userId: 'u2' });
  const older = await f.inject({
    method: 'POST',
    url: '/keypairs',
    headers: { 'x-mv': '2.1' },
    payload: { keypair: { name: 'k', user_id: 'u2' } },
  });
  assert.equal(older.statusCode, 400);
  const plain = await f.inject({
    method: 'POST',
    url: '/keypairs',
    headers: { 'x-mv': '2.1' },
    payload: { keypair: { name: 'k' } },
  });
  assert.deepEqual(plain.json(), { name: 'k', userId: null });
  await f.close();
});
