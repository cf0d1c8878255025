import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { DEFAULT_IMAGES } from '../../../src/store/seed.js';
import { first } from '../../helpers/elements.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoProject: string;
before(async () => {
  t = await startTestApp({ compute: { hosts: 3 } });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
  await waitFor(
    async () => (await t.rt.store.db.selectFrom('compute_hosts').select('id').execute()).length === 3,
    'three hosts registered',
  );
});
after(async () => {
  await t.close();
});

const G = '/compute/v2.1/os-server-groups';
const NO_VALID_HOST = 'No valid host was found. There are not enough hosts available.';

async function createGroup(policy: string, extra: Record<string, unknown> = {}, name = `g-${policy}`) {
  const r = await t.request('POST', G, {
    token: demo,
    mv: '2.64',
    body: { server_group: { name, policy, ...extra } },
  });
  assert.equal(r.status, 200, r.text);
  return r.body.server_group.id as string;
}

const boot = (name: string, group: string, hintKey = 'os:scheduler_hints') =>
  t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    body: {
      server: { name, imageRef: first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id, flavorRef: '1' },
      [hintKey]: { group },
    },
  });

const settle = (id: string) =>
  waitFor(
    async () => {
      const s = await t.request('GET', `/compute/v2.1/servers/${id}`, { token: admin, mv: '2.71' });
      return ['ACTIVE', 'ERROR'].includes(s.body.server.status) ? s.body.server : null;
    },
    `${id} settles`,
    15000,
  );

async function bootAll(prefix: string, group: string, n: number) {
  const created = await Promise.all(Array.from({ length: n }, (_, i) => boot(`${prefix}-${i}`, group)));
  for (const c of created) assert.equal(c.status, 202, c.text);
  return Promise.all(created.map((c) => settle(c.body.server.id as string)));
}

const hostOf = (s: Record<string, unknown>) => s['OS-EXT-SRV-ATTR:host'] as string | null;

async function cleanup(servers: Array<{ id: string }>) {
  for (const s of servers) await t.request('DELETE', `/compute/v2.1/servers/${s.id}`, { token: admin });
  await waitFor(async () => {
    const rows = await t.rt.store.db
      .selectFrom('instances')
      .select('uuid')
      .where(
        'uuid',
        'in',
        servers.map((s) => s.id),
      )
      .where('deleted', '=', 0)
      .execute();
    return rows.length === 0;
  }, 'servers deleted');
}

test('create/show/list/delete with the bodies of 2.1, 2.13 and 2.64; Nova texts', async () => {
  const old = await t.request('POST', G, {
    token: demo,
    body: { server_group: { name: 'old', policies: ['affinity'] } },
  });
  assert.equal(old.status, 200, old.text);
  const g = old.body.server_group;
  assert.deepEqual(Object.keys(g).sort(), ['id', 'members', 'metadata', 'name', 'policies']);
  assert.deepEqual(g.policies, ['affinity']);
  assert.deepEqual(g.metadata, {});
  assert.deepEqual(g.members, []);
  const row = await t.rt.store.db.selectFrom('server_groups').selectAll().where('id', '=', g.id).executeTakeFirst();
  assert.equal(row?.policy, 'affinity');
  assert.equal(row?.project_id, demoProject);

  const s213 = await t.request('GET', `${G}/${g.id}`, { token: demo, mv: '2.13' });
  assert.equal(s213.body.server_group.project_id, demoProject);
  assert.ok(s213.body.server_group.user_id);
  const s264 = await t.request('GET', `${G}/${g.id}`, { token: demo, mv: '2.64' });
  assert.deepEqual(Object.keys(s264.body.server_group).sort(), [
    'id',
    'members',
    'name',
    'policy',
    'project_id',
    'rules',
    'user_id',
  ]);
  assert.equal(s264.body.server_group.policy, 'affinity');
  assert.deepEqual(s264.body.server_group.rules, {});

  // soft-* only from 2.15; policy/rules only from 2.64
  const soft14 = await t.request('POST', G, {
    token: demo,
    mv: '2.14',
    body: { server_group: { name: 's', policies: ['soft-affinity'] } },
  });
  assert.equal(soft14.status, 400);
  const soft15 = await t.request('POST', G, {
    token: demo,
    mv: '2.15',
    body: { server_group: { name: 's', policies: ['soft-affinity'] } },
  });
  assert.equal(soft15.status, 200, soft15.text);
  const policyOld = await t.request('POST', G, {
    token: demo,
    mv: '2.63',
    body: { server_group: { name: 's', policy: 'affinity' } },
  });
  assert.equal(policyOld.status, 400);
  const two = await t.request('POST', G, {
    token: demo,
    body: { server_group: { name: 's', policies: ['affinity', 'anti-affinity'] } },
  });
  assert.equal(two.status, 400);

  const rulesAff = await t.request('POST', G, {
    token: demo,
    mv: '2.64',
    body: { server_group: { name: 'r', policy: 'affinity', rules: { max_server_per_host: 2 } } },
  });
  assert.equal(rulesAff.status, 400);
  assert.equal(rulesAff.body.badRequest.message, 'Only anti-affinity policy supports rules.');
  for (const rules of [{ max_server_per_host: 0 }, { max_server_per_host: 'foo' }, { unknown_key: '3' }]) {
    const bad = await t.request('POST', G, {
      token: demo,
      mv: '2.64',
      body: { server_group: { name: 'r', policy: 'anti-affinity', rules } },
    });
    assert.equal(bad.status, 400, JSON.stringify(rules));
    assert.match(bad.body.badRequest.message, /Invalid input for field\/attribute/);
  }
  const withRules = await createGroup('anti-affinity', { rules: { max_server_per_host: '3' } }, 'rules');
  const shown = await t.request('GET', `${G}/${withRules}`, { token: demo, mv: '2.64' });
  assert.deepEqual(shown.body.server_group.rules, { max_server_per_host: 3 });

  const missing = await t.request('GET', `${G}/00000000-0000-0000-0000-000000000000`, { token: demo });
  assert.equal(missing.status, 404);
  assert.equal(
    missing.body.itemNotFound.message,
    'Instance group 00000000-0000-0000-0000-000000000000 could not be found.',
  );

  const del = await t.request('DELETE', `${G}/${g.id}`, { token: demo });
  assert.equal(del.status, 204);
  assert.equal((await t.request('GET', `${G}/${g.id}`, { token: demo })).status, 404);
  assert.equal((await t.request('DELETE', `${G}/${g.id}`, { token: demo })).status, 404);
  assert.equal(
    await t.rt.store.db.selectFrom('server_groups').select('id').where('id', '=', g.id).executeTakeFirst(),
    undefined,
  );
  for (const id of [soft15.body.server_group.id as string, withRules])
    assert.equal((await t.request('DELETE', `${G}/${id}`, { token: demo })).status, 204);
});

test('list: the caller project only, all_projects for an admin, limit and offset', async () => {
  const mine = [await createGroup('affinity', {}, 'l1'), await createGroup('affinity', {}, 'l2')];
  const adminGroup = await t.request('POST', G, {
    token: admin,
    body: { server_group: { name: 'adm', policies: ['anti-affinity'] } },
  });
  assert.equal(adminGroup.status, 200);
  const adminId = adminGroup.body.server_group.id as string;

  // the groups count in /limits and in the quota detail
  const limits = await t.request('GET', '/compute/v2.1/limits', { token: demo });
  assert.equal(limits.body.limits.absolute.totalServerGroupsUsed, 2);
  const detail = await t.request('GET', `/compute/v2.1/os-quota-sets/${demoProject}/detail`, { token: demo });
  assert.equal(detail.body.quota_set.server_groups.in_use, 2);

  const list = await t.request('GET', G, { token: demo });
  assert.deepEqual(
    list.body.server_groups.map((g: { id: string }) => g.id),
    mine,
  );
  // a member asking all_projects still gets its own
  const memberAll = await t.request('GET', `${G}?all_projects=True`, { token: demo });
  assert.equal(memberAll.body.server_groups.length, 2);
  const all = await t.request('GET', `${G}?all_projects=True`, { token: admin });
  assert.deepEqual(all.body.server_groups.map((g: { id: string }) => g.id).sort(), [...mine, adminId].sort());
  const page = await t.request('GET', `${G}?limit=1&offset=1`, { token: demo });
  assert.deepEqual(
    page.body.server_groups.map((g: { id: string }) => g.id),
    [mine[1]],
  );
  assert.equal((await t.request('GET', `${G}?limit=x`, { token: demo })).status, 400);
  assert.equal((await t.request('GET', `${G}?foo=1`, { token: demo, mv: '2.75' })).status, 400);
  // another project's group is not found for a member
  assert.equal((await t.request('GET', `${G}/${adminId}`, { token: demo })).status, 404);
  for (const id of [...mine]) await t.request('DELETE', `${G}/${id}`, { token: demo });
  await t.request('DELETE', `${G}/${adminId}`, { token: admin });
});

test('quotas: server_groups and server_group_members with Nova texts', async () => {
  const Q = `/compute/v2.1/os-quota-sets/${demoProject}`;
  const set = await t.request('PUT', Q, {
    token: admin,
    body: { quota_set: { server_groups: 1, server_group_members: 1 } },
  });
  assert.equal(set.status, 200, set.text);
  try {
    const g = await createGroup('soft-anti-affinity', {}, 'q1');
    const over = await t.request('POST', G, {
      token: demo,
      body: { server_group: { name: 'q2', policies: ['affinity'] } },
    });
    assert.equal(over.status, 403);
    assert.equal(over.body.forbidden.message, 'Quota exceeded, too many server groups.');
    assert.equal((await t.rt.store.db.selectFrom('server_groups').select('id').execute()).length, 1);

    const a = await boot('qm-1', g);
    assert.equal(a.status, 202, a.text);
    const b = await boot('qm-2', g);
    assert.equal(b.status, 403);
    assert.equal(b.body.forbidden.message, 'Quota exceeded, too many servers in group');
    // the refused create left no instance behind
    const names = await t.rt.store.db.selectFrom('instances').select('display_name').where('deleted', '=', 0).execute();
    assert.ok(!names.some((r) => r.display_name === 'qm-2'));
    const s = await settle(a.body.server.id as string);
    await cleanup([s]);
    await t.request('DELETE', `${G}/${g}`, { token: demo });
  } finally {
    await t.request('DELETE', Q, { token: admin });
  }
});

test('the extensions list names server groups, their quotas and the scheduler hints', async () => {
  const r = await t.request('GET', '/compute/v2.1/extensions', { token: demo });
  const byAlias = new Map(
    (r.body.extensions as Array<{ alias: string; name: string }>).map((e) => [e.alias, e.name] as const),
  );
  assert.equal(byAlias.get('os-server-groups'), 'ServerGroups');
  assert.equal(byAlias.get('os-server-group-quotas'), 'ServerGroupQuotas');
  assert.equal(byAlias.get('OS-SCH-HNT'), 'SchedulerHints');
});

test('an unknown group hint is a 400 and creates nothing', async () => {
  const r = await boot('nohint', '11111111-1111-1111-1111-111111111111');
  assert.equal(r.status, 400);
  assert.equal(r.body.badRequest.message, 'Instance group 11111111-1111-1111-1111-111111111111 could not be found.');
});

test('anti-affinity over 3 hosts: 4 parallel creates → 3 distinct hosts, the 4th NoValidHost', async () => {
  const g = await createGroup('anti-affinity');
  const servers = await bootAll('aa', g, 4);
  const active = servers.filter((s) => s.status === 'ACTIVE');
  const errored = servers.filter((s) => s.status === 'ERROR');
  assert.equal(active.length, 3, JSON.stringify(servers.map((s) => [s.status, hostOf(s)])));
  assert.equal(new Set(active.map(hostOf)).size, 3);
  assert.equal(errored.length, 1);
  assert.equal(errored[0].fault.message, NO_VALID_HOST);
  assert.equal(hostOf(errored[0]), null);
  // every (not deleted) server is a member; show at 2.71 names the group
  const shown = await t.request('GET', `${G}/${g}`, { token: demo });
  assert.deepEqual([...shown.body.server_group.members].sort(), servers.map((s) => s.id as string).sort());
  assert.deepEqual(servers[0].server_groups, [g]);
  const s270 = await t.request('GET', `/compute/v2.1/servers/${servers[0].id}`, { token: demo, mv: '2.70' });
  assert.equal(s270.body.server.server_groups, undefined);

  // a deleted member frees its host for the group
  const freed = first(active, 'active');
  await cleanup([freed, ...errored]);
  const again = await bootAll('aa-again', g, 1);
  assert.equal(again[0].status, 'ACTIVE');
  assert.equal(hostOf(again[0]), hostOf(freed));
  const members = (await t.request('GET', `${G}/${g}`, { token: demo })).body.server_group.members as string[];
  assert.equal(members.length, 3);
  assert.ok(!members.includes(freed.id as string));
  await cleanup([...active.filter((s) => s.id !== freed.id), ...again]);
});

test('anti-affinity with max_server_per_host 2 (2.64): 7 creates over 3 hosts → 6 placed, ≤2 per host', async () => {
  const g = await createGroup('anti-affinity', { rules: { max_server_per_host: 2 } }, 'max2');
  const servers = await bootAll('m2', g, 7);
  const active = servers.filter((s) => s.status === 'ACTIVE');
  assert.equal(active.length, 6);
  const perHost = new Map<string, number>();
  for (const s of active) perHost.set(hostOf(s)!, (perHost.get(hostOf(s)!) ?? 0) + 1);
  assert.deepEqual([...perHost.values()], [2, 2, 2]);
  await cleanup(servers);
});

test("affinity: every member on the first member's host", async () => {
  const g = await createGroup('affinity');
  const firstOne = await bootAll('af-0', g, 1);
  const rest = await bootAll('af', g, 3);
  const all = [...firstOne, ...rest];
  assert.ok(all.every((s) => s.status === 'ACTIVE'));
  assert.equal(new Set(all.map(hostOf)).size, 1);
  await cleanup(all);
});

test('soft policies prefer but never fail', async () => {
  const anti = await createGroup('soft-anti-affinity');
  const spread = await bootAll('sa', anti, 3);
  assert.equal(new Set(spread.map(hostOf)).size, 3);
  const more = await bootAll('sa-more', anti, 2);
  assert.ok(more.every((s) => s.status === 'ACTIVE'));
  const aff = await createGroup('soft-affinity');
  const packed = [...(await bootAll('sf-0', aff, 1)), ...(await bootAll('sf', aff, 3))];
  assert.ok(packed.every((s) => s.status === 'ACTIVE'));
  assert.equal(new Set(packed.map(hostOf)).size, 1);
  await cleanup([...spread, ...more, ...packed]);
});

test('multi-create with OS-SCH-HNT:scheduler_hints: every instance joins, spread by anti-affinity', async () => {
  const g = await createGroup('anti-affinity', {}, 'multi');
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    body: {
      server: {
        name: 'mc',
        imageRef: first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id,
        flavorRef: '1',
        min_count: 4,
        max_count: 4,
      },
      'OS-SCH-HNT:scheduler_hints': { group: g },
    },
  });
  assert.equal(r.status, 202, r.text);
  const members = (await t.request('GET', `${G}/${g}`, { token: demo })).body.server_group.members as string[];
  assert.equal(members.length, 4);
  const servers = await Promise.all(members.map(settle));
  assert.equal(servers.filter((s) => s.status === 'ACTIVE').length, 3);
  assert.equal(new Set(servers.filter((s) => s.status === 'ACTIVE').map(hostOf)).size, 3);
  assert.equal(servers.filter((s) => s.status === 'ERROR').length, 1);
  await cleanup(servers);
  assert.equal((await t.request('DELETE', `${G}/${g}`, { token: demo })).status, 204);
  assert.equal(
    (await t.rt.store.db.selectFrom('server_group_members').select('group_id').where('group_id', '=', g).execute())
      .length,
    0,
  );
});
