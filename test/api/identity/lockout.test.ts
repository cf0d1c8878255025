/**
 * identity.lockoutFailureAttempts / identity.lockoutDuration: Keystone's PCI-DSS login lockout.
 * Time is moved by replacing the runtime clock, which every service reads at call time.
 */
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { systemClock } from '../../../src/lib/time.js';

const ATTEMPTS = 3;
const DURATION = 60;
const GENERIC_401 = {
  error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
};

let t: TestApp;
let admin: string;
before(async () => {
  t = await startTestApp(
    { identity: { lockoutFailureAttempts: ATTEMPTS, lockoutDuration: DURATION } },
    { agent: false },
  );
  admin = await t.tokenFor('admin');
});
afterEach(() => {
  t.rt.clock = systemClock;
});
after(async () => {
  await t.close();
});

/** Moves the runtime clock `seconds` ahead of the real one. */
const advance = (seconds: number) => {
  t.rt.clock = () => new Date(Date.now() + seconds * 1000);
};

let n = 0;
async function newUser(app: TestApp = t, token = admin): Promise<{ id: string; name: string }> {
  const name = `locky${++n}`;
  const res = await app.request('POST', '/identity/v3/users', { token, body: { user: { name, password: 'right' } } });
  assert.equal(res.status, 201);
  return { id: res.body.user.id, name };
}

const login = (name: string, password: string, app: TestApp = t) =>
  app.request('POST', '/identity/v3/auth/tokens', {
    body: {
      auth: { identity: { methods: ['password'], password: { user: { name, domain: { id: 'default' }, password } } } },
    },
  });

const failuresOf = async (userId: string, app: TestApp = t) =>
  (await app.rt.store.db.selectFrom('user_lockouts').selectAll().where('user_id', '=', userId).executeTakeFirst())
    ?.failed_auth_count ?? 0;

async function lock(name: string): Promise<void> {
  for (let i = 0; i < ATTEMPTS; i++) assert.equal((await login(name, 'wrong')).status, 401);
}

test('after N wrong passwords even the right one is refused with the generic 401', async () => {
  const u = await newUser();
  const bystander = await newUser();
  await lock(u.name);
  assert.equal(await failuresOf(u.id), ATTEMPTS);
  const res = await login(u.name, 'right');
  assert.equal(res.status, 401);
  assert.deepEqual(res.body, GENERIC_401);
  assert.ok(res.headers['www-authenticate']);
  // attempts while locked are not counted (the lock runs from the last real failure)
  assert.equal((await login(u.name, 'wrong')).status, 401);
  assert.equal(await failuresOf(u.id), ATTEMPTS);
  // another user is not affected
  assert.equal((await login(bystander.name, 'right')).status, 201);
  // the user's record looks enabled, as Keystone shows it
  const shown = await t.request('GET', `/identity/v3/users/${u.id}`, { token: admin });
  assert.equal(shown.body.user.enabled, true);
});

test('the lock expires lockoutDuration seconds after the last failure', async () => {
  const u = await newUser();
  await lock(u.name);
  advance(DURATION - 1);
  assert.equal((await login(u.name, 'right')).status, 401);
  advance(DURATION + 1);
  const res = await login(u.name, 'right');
  assert.equal(res.status, 201);
  assert.equal(res.body.token.user.id, u.id);
  assert.equal(await failuresOf(u.id), 0);
});

test('a successful login resets the count: failures must be consecutive', async () => {
  const u = await newUser();
  for (let i = 0; i < ATTEMPTS - 1; i++) assert.equal((await login(u.name, 'wrong')).status, 401);
  assert.equal(await failuresOf(u.id), ATTEMPTS - 1);
  assert.equal((await login(u.name, 'right')).status, 201);
  assert.equal(await failuresOf(u.id), 0);
  for (let i = 0; i < ATTEMPTS - 1; i++) assert.equal((await login(u.name, 'wrong')).status, 401);
  assert.equal((await login(u.name, 'right')).status, 201);
});

test('an admin update of the user unlocks it; disabling alone does not', async () => {
  const u = await newUser();
  await lock(u.name);
  const patch = await t.request('PATCH', `/identity/v3/users/${u.id}`, {
    token: admin,
    body: { user: { description: 'unlock me' } },
  });
  assert.equal(patch.status, 200);
  assert.equal(await failuresOf(u.id), 0);
  assert.equal((await login(u.name, 'right')).status, 201);

  await lock(u.name);
  assert.equal(
    (await t.request('PATCH', `/identity/v3/users/${u.id}`, { token: admin, body: { user: { enabled: false } } }))
      .status,
    200,
  );
  assert.equal(await failuresOf(u.id), ATTEMPTS);
  assert.equal(
    (await t.request('PATCH', `/identity/v3/users/${u.id}`, { token: admin, body: { user: { enabled: true } } }))
      .status,
    200,
  );
  assert.equal(await failuresOf(u.id), 0);
  assert.equal((await login(u.name, 'right')).status, 201);
});

test('the self-service password change checks the original password like a login', async () => {
  const u = await newUser();
  const change = (original: string) =>
    t.request('POST', `/identity/v3/users/${u.id}/password`, {
      body: { user: { original_password: original, password: 'newer' } },
    });
  for (let i = 0; i < ATTEMPTS; i++) assert.equal((await change('wrong')).status, 401);
  assert.equal(await failuresOf(u.id), ATTEMPTS);
  assert.equal((await change('right')).status, 401);
  assert.equal((await login(u.name, 'right')).status, 401);
});

test('concurrent wrong passwords are all counted', async () => {
  const wide = await startTestApp(
    { identity: { lockoutFailureAttempts: 50, lockoutDuration: DURATION } },
    { agent: false },
  );
  try {
    const u = await newUser(wide, await wide.tokenFor('admin'));
    const results = await Promise.all(Array.from({ length: 20 }, () => login(u.name, 'wrong', wide)));
    assert.deepEqual(
      results.map((r) => r.status),
      Array(20).fill(401),
    );
    assert.equal(await failuresOf(u.id, wide), 20);
  } finally {
    await wide.close();
  }
});

test('off by default: 300 wrong passwords, and the right one still logs in', async () => {
  const plain = await startTestApp({}, { agent: false });
  try {
    assert.equal(plain.rt.config.identity.lockoutFailureAttempts, null);
    const u = await newUser(plain, await plain.tokenFor('admin'));
    for (let i = 0; i < 300; i++) assert.equal((await login(u.name, 'wrong', plain)).status, 401);
    assert.equal((await login(u.name, 'right', plain)).status, 201);
    const rows = await plain.rt.store.db.selectFrom('user_lockouts').selectAll().execute();
    assert.deepEqual(rows, []);
  } finally {
    await plain.close();
  }
});
