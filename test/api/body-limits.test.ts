/**
 * Depth and size limits of request bodies, on every dialect: a body nested deeper than
 * MAX_JSON_DEPTH (64) is a 400 in the dialect's own error shape before any validation or handler
 * runs (it used to overflow the stack in the message builder: a 500), a body at exactly 64 levels
 * is parsed and validated as usual, and a body over bodyLimit is a 413 in the dialect's shape.
 * After each refusal the store is unchanged and the process keeps answering.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { startTestApp, waitFor, type TestApp, type TestResponse } from '../helpers/app.js';
import { BODY_TOO_DEEP_MESSAGE, MAX_JSON_DEPTH } from '../../src/http/json-body.js';
import { DEFAULT_FLAVORS, DEFAULT_IMAGES } from '../../src/store/seed.js';
import { first } from '../helpers/elements.js';

const BODY_LIMIT = 64 * 1024;
const DEEP = 10_000;

let t: TestApp;
let demo: string;
let admin: string;
const IMAGE = first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id;
const NOVA_FLAVOR = DEFAULT_FLAVORS.find((f) => f.name !== 'baremetal.small')!.id;
const MOGAN_FLAVOR = DEFAULT_FLAVORS.find((f) => f.name === 'baremetal.small')!.id;
const MOGAN = '/baremetal-compute/v1';

before(async () => {
  t = await startTestApp({ bodyLimit: BODY_LIMIT });
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
});
after(async () => {
  await t?.close();
});

/** n nested arrays as JSON text (built as text: JSON.stringify itself overflows on such values) */
const arrays = (n: number): string => '['.repeat(n) + ']'.repeat(n);
/** n nested objects {"a": {"a": … leaf}} as JSON text */
const objects = (n: number, leaf = '"v"'): string => '{"a":'.repeat(n) + leaf + '}'.repeat(n);

async function send(
  method: string,
  url: string,
  payload: string,
  opts: { token?: string; type?: string; accept?: string } = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = { 'content-type': opts.type ?? 'application/json' };
  if (opts.accept) headers.accept = opts.accept;
  return t.request(method, url, { token: opts.token ?? demo, payload, headers });
}

const count = async (table: 'instances' | 'projects' | 'networks' | 'images'): Promise<number> =>
  Number(
    (
      await t.rt.store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

// ---- each dialect's 400 ----

function assertNova(r: TestResponse, message = BODY_TOO_DEEP_MESSAGE): void {
  assert.equal(r.status, 400, r.text.slice(0, 300));
  assert.deepEqual(r.body, { badRequest: { code: 400, message } });
}
function assertKeystone(r: TestResponse, message = BODY_TOO_DEEP_MESSAGE): void {
  assert.equal(r.status, 400, r.text.slice(0, 300));
  assert.deepEqual(r.body, { error: { code: 400, title: 'Bad Request', message } });
}
function assertNeutron(r: TestResponse, message = BODY_TOO_DEEP_MESSAGE): void {
  assert.equal(r.status, 400, r.text.slice(0, 300));
  assert.deepEqual(r.body, { NeutronError: { type: 'HTTPBadRequest', message, detail: '' } });
}
function assertGlance(r: TestResponse, message = BODY_TOO_DEEP_MESSAGE): void {
  assert.equal(r.status, 400, r.text.slice(0, 300));
  assert.match(String(r.headers['content-type']), /^text\/plain/);
  assert.equal(r.text, `400 Bad Request\n\n${message}\n\n   `);
}
function assertMogan(r: TestResponse, message = BODY_TOO_DEEP_MESSAGE): void {
  assert.equal(r.status, 400, r.text.slice(0, 300));
  assert.deepEqual(Object.keys(r.body), ['error_message']);
  assert.deepEqual(JSON.parse(r.body.error_message as string), {
    faultcode: 'Client',
    faultstring: message,
    debuginfo: null,
  });
}

async function assertHealthy(): Promise<void> {
  const r = await t.request('GET', '/compute/v2.1/flavors', { token: demo });
  assert.equal(r.status, 200);
  assert.ok(r.body.flavors.length > 0);
}

const novaServer = (metadata: string): string =>
  `{"server":{"name":"deep","imageRef":"${IMAGE}","flavorRef":"${NOVA_FLAVOR}","metadata":${metadata}}}`;

test('Nova: 10,000 nested arrays and metadata 10,000 deep are 400 badRequest; 64 levels validate as usual', async () => {
  const before = await count('instances');
  assertNova(await send('POST', '/compute/v2.1/servers', arrays(DEEP)));
  assertNova(await send('POST', '/compute/v2.1/servers', `{"server":${arrays(DEEP)}}`));
  assertNova(await send('POST', '/compute/v2.1/servers', novaServer(objects(DEEP))));
  // the check is the parser's: it beats a route's own lookups (no such server) and every route has it
  assertNova(await send('POST', '/compute/v2.1/servers/nope/metadata', `{"metadata":${objects(DEEP)}}`));
  assertNova(
    await send('PUT', '/compute/v2.1/os-keypairs', arrays(DEEP), { type: 'application/vnd.openstack.compute+json' }),
  );
  assertNova(await send('POST', '/compute/v2.1/servers', novaServer(objects(MAX_JSON_DEPTH - 1))));
  // exactly 64 levels: the body is parsed, and the schema (metadata values are strings) refuses it
  const at64 = await send('POST', '/compute/v2.1/servers', novaServer(objects(MAX_JSON_DEPTH - 2)));
  assert.equal(at64.status, 400);
  assert.match(
    at64.body.badRequest.message,
    /^Invalid input for field\/attribute a\. Value: \{'a': \{'a': .*\{\.\.\.\}.*\}\. \{'a': .* is not of type 'string'$/s,
  );
  assert.equal(await count('instances'), before);
  await assertHealthy();
});

test('Keystone: deep bodies are 400 in the error envelope; a 64-level extra attribute is stored', async () => {
  const before = await count('projects');
  assertKeystone(await send('POST', '/identity/v3/auth/tokens', arrays(DEEP), { token: '' }));
  assertKeystone(
    await send('POST', '/identity/v3/projects', `{"project":{"name":"deep","extra":${objects(DEEP)}}}`, {
      token: admin,
    }),
  );
  assertKeystone(
    await send('POST', '/identity/v3/projects', `{"project":{"name":"deep","extra":${objects(MAX_JSON_DEPTH - 1)}}}`, {
      token: admin,
    }),
  );
  assert.equal(await count('projects'), before);
  // 64 levels pass: Keystone keeps unknown project attributes, so the document comes back whole
  const created = await send(
    'POST',
    '/identity/v3/projects',
    `{"project":{"name":"deep64","extra":${objects(MAX_JSON_DEPTH - 2)}}}`,
    { token: admin },
  );
  assert.equal(created.status, 201, created.text);
  let level: unknown = created.body.project.extra;
  let depth = 0;
  while (typeof level === 'object' && level !== null) {
    level = (level as { a: unknown }).a;
    depth++;
  }
  assert.equal(depth, MAX_JSON_DEPTH - 2);
  assert.equal(level, 'v');
  assert.equal(await count('projects'), before + 1);
  await assertHealthy();
});

test('Neutron: deep bodies are 400 NeutronError HTTPBadRequest; 64 levels reach the attribute checks', async () => {
  const before = await count('networks');
  assertNeutron(await send('POST', '/network/v2.0/networks', arrays(DEEP)));
  assertNeutron(await send('POST', '/network/v2.0/networks', `{"network":{"name":${arrays(DEEP)}}}`));
  assertNeutron(
    await send('POST', '/network/v2.0/ports', `{"port":{"network_id":"x","binding:profile":${objects(DEEP)}}}`),
  );
  assertNeutron(await send('PUT', '/network/v2.0/networks/nope', `{"network":{"name":${arrays(MAX_JSON_DEPTH - 1)}}}`));
  const at64 = await send('POST', '/network/v2.0/networks', `{"network":{"name":${arrays(MAX_JSON_DEPTH - 2)}}}`);
  assertNeutron(at64, `Invalid input for name. Reason: '${arrays(MAX_JSON_DEPTH - 2)}' is not a valid string.`);
  assert.equal(await count('networks'), before);
  await assertHealthy();
});

test("Glance: deep bodies and deep JSON-patch values are 400 in webob's shape (text and JSON)", async () => {
  const created = await t.request('POST', '/image/v2/images', {
    token: demo,
    body: { name: 'deep-target', disk_format: 'raw', container_format: 'bare' },
  });
  assert.equal(created.status, 201);
  const id = created.body.id as string;
  const before = await count('images');
  assertGlance(await send('POST', '/image/v2/images', arrays(DEEP)));
  assertGlance(await send('POST', '/image/v2/images', `{"name":"deep","prop":${objects(DEEP)}}`));
  for (const type of ['application/openstack-images-v2.1-json-patch', 'application/openstack-images-v2.0-json-patch']) {
    const op = type.includes('2.1') ? '"op":"add","path":"/prop"' : '"add":"/prop"';
    assertGlance(await send('PATCH', `/image/v2/images/${id}`, `[{${op},"value":${objects(DEEP)}}]`, { type }));
  }
  // with Accept: application/json webob answers its JSON body instead
  const json = await send('POST', '/image/v2/images', arrays(DEEP), { accept: 'application/json' });
  assert.equal(json.status, 400);
  assert.deepEqual(json.body, {
    message: `${BODY_TOO_DEEP_MESSAGE}<br /><br />\n\n\n`,
    code: '400 Bad Request',
    title: 'Bad Request',
  });
  // 64 levels: parsed, then the image schema refuses a non-string property
  const at64 = await send(
    'PATCH',
    `/image/v2/images/${id}`,
    `[{"op":"add","path":"/prop","value":${objects(MAX_JSON_DEPTH - 2)}}]`,
    { type: 'application/openstack-images-v2.1-json-patch' },
  );
  assert.equal(at64.status, 400);
  assert.match(
    at64.text,
    /^400 Bad Request\n\nProvided object does not match schema 'image': \{'a': .* is not of type 'string'/s,
  );
  assert.equal(await count('images'), before);
  const show = await t.request('GET', `/image/v2/images/${id}`, { token: demo });
  assert.equal(show.status, 200);
  assert.equal(show.body.prop, undefined);
  await assertHealthy();
});

test('Mogan: deep bodies and a PATCH value 10,000 deep are 400 error_message; extra unchanged', async () => {
  const netId = (
    await t.rt.store.db.selectFrom('networks').select('id').where('name', '=', 'private').executeTakeFirstOrThrow()
  ).id;
  const created = await t.request('POST', `${MOGAN}/instances`, {
    token: demo,
    body: {
      name: 'bm-deep',
      instance_type_uuid: MOGAN_FLAVOR,
      image_uuid: IMAGE,
      networks: [{ net_id: netId }],
      extra: { role: 'db' },
    },
  });
  assert.equal(created.status, 201, created.text);
  const uuid = created.body.uuid as string;
  await waitFor(
    async () => (await t.request('GET', `${MOGAN}/instances/${uuid}/states`, { token: demo })).body.status === 'active',
    'active',
  );
  const before = await count('instances');
  assertMogan(await send('POST', `${MOGAN}/instances`, arrays(DEEP)));
  assertMogan(await send('POST', '/v1/instances', `{"name":"x","extra":${objects(DEEP)}}`));
  assertMogan(
    await send('PATCH', `${MOGAN}/instances/${uuid}`, `[{"op":"add","path":"/extra/x","value":${objects(DEEP)}}]`),
  );
  assertMogan(
    await send('PATCH', `${MOGAN}/instances/${uuid}`, `[{"op":"add","path":"/extra/x","value":${arrays(DEEP)}}]`, {
      type: 'application/json-patch+json',
    }),
  );
  assertMogan(
    await send(
      'PATCH',
      `${MOGAN}/instances/${uuid}`,
      `[{"op":"add","path":"/extra/x","value":${objects(MAX_JSON_DEPTH - 1)}}]`,
    ),
  );
  // 64 levels: the patch applies and Mogan's type check refuses a non-string extra value
  const at64 = await send(
    'PATCH',
    `${MOGAN}/instances/${uuid}`,
    `[{"op":"add","path":"/extra/x","value":${objects(MAX_JSON_DEPTH - 2)}}]`,
  );
  assertMogan(at64, 'Invalid input for field/attribute extra. Wrong type. Expected a mapping of strings to strings');
  assert.equal(await count('instances'), before);
  const row = await t.rt.store.db
    .selectFrom('instances')
    .select('metadata')
    .where('uuid', '=', uuid)
    .executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(row.metadata), { role: 'db' });
  // and an ordinary patch still works afterwards
  const ok = await send('PATCH', `${MOGAN}/instances/${uuid}`, '[{"op":"add","path":"/extra/x","value":"y"}]');
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.body.extra, { role: 'db', x: 'y' });
  await assertHealthy();
});

// ---- bodies over bodyLimit: 413 in each dialect's shape, with and without a Content-Length ----

const big = JSON.stringify({ x: 'a'.repeat(BODY_LIMIT + 1) });

async function sendBig(
  method: string,
  url: string,
  chunked: boolean,
  type = 'application/json',
  token = demo,
): Promise<TestResponse> {
  const headers: Record<string, string> = { 'content-type': type, 'x-auth-token': token };
  // a stream payload goes without a Content-Length: the limit is then met while reading
  const payload = chunked ? Readable.from([Buffer.from(big.slice(0, 1000)), Buffer.from(big.slice(1000))]) : big;
  const res = await t.app.inject({ method: method as 'POST', url, headers, payload });
  const isJson = String(res.headers['content-type'] ?? '').includes('json');
  return {
    status: res.statusCode,
    headers: res.headers as TestResponse['headers'],
    body: isJson ? JSON.parse(res.body) : undefined,
    text: res.body,
  };
}

test("bodies over bodyLimit are 413 in each dialect's shape", async () => {
  const before = {
    instances: await count('instances'),
    projects: await count('projects'),
    networks: await count('networks'),
    images: await count('images'),
  };
  for (const chunked of [false, true]) {
    const nova = await sendBig('POST', '/compute/v2.1/servers', chunked);
    assert.equal(nova.status, 413);
    assert.deepEqual(nova.body, { overLimit: { code: 413, message: 'Request is too large.' } });

    const keystone = await sendBig('POST', '/identity/v3/projects', chunked, 'application/json', admin);
    assert.equal(keystone.status, 413);
    assert.deepEqual(keystone.body, {
      error: { code: 413, title: 'Request Entity Too Large', message: 'Request is too large.' },
    });

    const neutron = await sendBig('POST', '/network/v2.0/networks', chunked);
    assert.equal(neutron.status, 413);
    assert.deepEqual(neutron.body, {
      NeutronError: { type: 'HTTPRequestEntityTooLarge', message: 'Request is too large.', detail: '' },
    });

    for (const [method, url, type] of [
      ['POST', '/image/v2/images', 'application/json'],
      ['PATCH', '/image/v2/images/nope', 'application/openstack-images-v2.1-json-patch'],
    ] as const) {
      const glance = await sendBig(method, url, chunked, type);
      assert.equal(glance.status, 413);
      assert.equal(glance.text, '413 Request Entity Too Large\n\nRequest is too large.\n\n   ');
    }

    for (const url of [`${MOGAN}/instances`, '/v1/instances']) {
      const mogan = await sendBig('POST', url, chunked);
      assert.equal(mogan.status, 413);
      assert.deepEqual(JSON.parse(mogan.body.error_message as string), {
        faultcode: 'Client',
        faultstring: 'Request is too large.',
        debuginfo: null,
      });
    }
  }
  assert.deepEqual(
    {
      instances: await count('instances'),
      projects: await count('projects'),
      networks: await count('networks'),
      images: await count('images'),
    },
    before,
  );
  await assertHealthy();
});
