import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { allRules } from '../../../src/policy/rules.js';
import { networkRules } from '../../../src/policy/network-rules.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({}, { agent: false });
});
after(async () => {
  await t?.close();
});

test('GET /_stackbox/coverage lists the registered operations per service (admin)', async () => {
  const res = await t.request('GET', '/_stackbox/coverage', { token: await t.tokenFor('admin') });
  assert.equal(res.status, 200);
  const compute = res.body.services.compute as Array<{ method: string; path: string; policy: string | null }>;
  assert.ok(compute.some((r) => r.method === 'GET' && r.path === '/flavors/{flavorId}'));
  assert.ok(!compute.some((r) => r.path.includes('{project_id}')), 'legacy prefixed duplicates are folded');
  const identity = res.body.services.identity as Array<{ method: string; path: string }>;
  assert.ok(identity.some((r) => r.method === 'POST' && r.path === '/v3/auth/tokens'));
});

test('emulator controls are admin only', async () => {
  const res = await t.request('GET', '/_stackbox/coverage', { token: await t.tokenFor('demo') });
  assert.equal(res.status, 403);
  const anon = await t.request('GET', '/_stackbox/coverage');
  assert.equal(anon.status, 401);
});

test("every policy name a route declares is a rule of its dialect's table (an unknown name fails closed)", async () => {
  const res = await t.request('GET', '/_stackbox/coverage', { token: await t.tokenFor('admin') });
  const missing: string[] = [];
  for (const [service, list] of Object.entries(
    res.body.services as Record<string, Array<{ method: string; path: string; policy: string | null }>>,
  )) {
    // Neutron's rules have their own table (src/policy/network-rules.ts), checked by the same name
    const table = service === 'network' ? networkRules : allRules;
    for (const r of list)
      if (r.policy && !(r.policy in table)) missing.push(`${service} ${r.method} ${r.path}: ${r.policy}`);
  }
  assert.deepEqual(missing, []);
  assert.ok((res.body.services.network as unknown[]).length > 0, 'the network routes are covered');
});
