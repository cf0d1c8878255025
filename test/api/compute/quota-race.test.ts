import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { DEFAULT_IMAGES } from '../../../src/store/seed.js';
import { first } from '../../helpers/elements.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({ quotas: { instances: 5 } });
});
after(async () => {
  await t?.close();
});

test('12 concurrent creates against an instances quota of 5 → exactly 5 accepted, the rest 403', async () => {
  const token = await t.tokenFor('demo');
  const results = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      t.request('POST', '/compute/v2.1/servers', {
        token,
        body: { server: { name: `q-${i}`, imageRef: first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id, flavorRef: '1' } },
      }),
    ),
  );
  const codes = results.map((r) => r.status);
  assert.equal(codes.filter((c) => c === 202).length, 5, JSON.stringify(codes));
  assert.equal(codes.filter((c) => c === 403).length, 7, JSON.stringify(codes));
  assert.match(
    results.find((r) => r.status === 403)!.body.forbidden.message,
    /^Quota exceeded for instances: Requested 1, but already used 5 of 5 instances/,
  );
  const demo = await t.rt.store.db
    .selectFrom('projects')
    .select('id')
    .where('name', '=', 'demo')
    .executeTakeFirstOrThrow();
  const rows = await t.rt.store.db
    .selectFrom('instances')
    .select('uuid')
    .where('project_id', '=', demo.id)
    .where('deleted', '=', 0)
    .execute();
  assert.equal(rows.length, 5);
});
