import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let demo: string;

before(async () => {
  t = await startTestApp({}, { agent: false });
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

/** recorded from the real Glance (25.1.0) with the same requests */
const golden = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./golden/schema-${name}.json`, import.meta.url), 'utf8'));

for (const name of ['image', 'images', 'member', 'members']) {
  test(`GET /v2/schemas/${name} is Glance's document`, async () => {
    const res = await t.request('GET', `/image/v2/schemas/${name}`, { token: demo });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, golden(name));
  });
}

test('the schemas need a token, as every Glance v2 route', async () => {
  const res = await t.request('GET', '/image/v2/schemas/image');
  assert.equal(res.status, 401);
});

test('the image schema names every attribute an image body has', async () => {
  const schema = await t.request('GET', '/image/v2/schemas/image', { token: demo });
  const list = await t.request('GET', '/image/v2/images', { token: demo });
  const image = list.body.images[0] as Record<string, unknown>;
  for (const k of Object.keys(image)) assert.ok(k in schema.body.properties, k);
});
