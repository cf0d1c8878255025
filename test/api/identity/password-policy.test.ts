/**
 * Keystone's [security_compliance] password rules (identity.* config): password history
 * (unique_last_password_count), minimum_password_age, password_expires_days,
 * change_password_upon_first_use and password_regex. Time moves through the runtime clock.
 */
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { systemClock } from '../../../src/lib/time.js';

const V3 = '/identity/v3';
const DAY = 86_400;

let t: TestApp;
let admin: string;
before(async () => {
  t = await startTestApp(
    {
      identity: {
        lockoutFailureAttempts: null,
        lockoutDuration: null,
        uniqueLastPasswordCount: 2,
        minimumPasswordAge: 0,
        passwordExpiresDays: null,
        passwordRegex: '^(?=.*\\d)(?=.*[a-zA-Z]).{7,}$',
        passwordRegexDescription: 'at least 7 characters, one letter and one digit',
        changePasswordUponFirstUse: false,
      },
    },
    { agent: false },
  );
  admin = await t.tokenFor('admin');
});
afterEach(() => {
  t.rt.clock = systemClock;
  Object.assign(t.rt.config.identity, {
    minimumPasswordAge: 0,
    passwordExpiresDays: null,
    changePasswordUponFirstUse: false,
  });
});
after(async () => {
  await t.close();
});

const advance = (seconds: number) => {
  t.rt.clock = () => new Date(Date.now() + seconds * 1000);
};

let n = 0;
async function newUser(password = 'first111'): Promise<{ id: string; name: string }> {
  const name = `pwpol${++n}`;
  const res = await t.request('POST', `${V3}/users`, { token: admin, body: { user: { name, password } } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.user.id, name };
}

const login = (name: string, password: string) =>
  t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: { identity: { methods: ['password'], password: { user: { name, domain: { id: 'default' }, password } } } },
    },
  });

const change = (id: string, original: string, password: string, token = admin) =>
  t.request('POST', `${V3}/users/${id}/password`, {
    token,
    body: { user: { original_password: original, password } },
  });

const historyOf = async (userId: string) =>
  t.rt.store.db.selectFrom('user_passwords').selectAll().where('user_id', '=', userId).orderBy('seq').execute();

test('a self-service change may not reuse the last 2 passwords; an admin reset may', async () => {
  const u = await newUser('first111');
  assert.equal((await change(u.id, 'first111', 'second22')).status, 204);
  const same = await change(u.id, 'second22', 'second22');
  assert.deepEqual(same.body, {
    error: {
      code: 400,
      title: 'Bad Request',
      message:
        'The new password cannot be identical to a previous password. The total number which includes the new password must be unique is 2.',
    },
  });
  assert.equal((await change(u.id, 'second22', 'first111')).status, 400);
  // the refused changes left the password as it was
  assert.equal((await login(u.name, 'second22')).status, 201);
  assert.equal((await change(u.id, 'second22', 'third333')).status, 204);
  // 'first111' is now 3 passwords back: allowed again
  assert.equal((await change(u.id, 'third333', 'first111')).status, 204);
  assert.deepEqual(
    (await historyOf(u.id)).map((p) => [p.seq, p.self_service]),
    [
      [1, 0],
      [2, 1],
      [3, 1],
      [4, 1],
    ],
  );
  // the admin route ignores the history (Tempest's test_password_history_not_enforced_in_admin_reset)
  const reset = await t.request('PATCH', `${V3}/users/${u.id}`, {
    token: admin,
    body: { user: { password: 'first111' } },
  });
  assert.equal(reset.status, 200);
  assert.equal((await login(u.name, 'first111')).status, 201);
});

test('password_regex: create, admin reset and self-service change are checked; nothing is written', async () => {
  const weak = await t.request('POST', `${V3}/users`, {
    token: admin,
    body: { user: { name: 'pw-weak', password: 'short' } },
  });
  assert.deepEqual(weak.body, {
    error: {
      code: 400,
      title: 'Bad Request',
      message: 'The password does not match the requirements: at least 7 characters, one letter and one digit.',
    },
  });
  assert.equal(
    (await t.rt.store.db.selectFrom('users').select('id').where('name', '=', 'pw-weak').execute()).length,
    0,
  );
  const u = await newUser();
  const reset = await t.request('PATCH', `${V3}/users/${u.id}`, {
    token: admin,
    body: { user: { password: 'nodigits' } },
  });
  assert.equal(reset.status, 400);
  assert.equal((await change(u.id, 'first111', 'nodigits')).status, 400);
  assert.equal((await historyOf(u.id)).length, 1);
  assert.equal((await login(u.name, 'first111')).status, 201);
});

test('minimum_password_age: a second self-service change waits; an admin reset does not', async () => {
  t.rt.config.identity.minimumPasswordAge = 2;
  const u = await newUser();
  // the first self-service change follows an admin-set password: allowed at once
  assert.equal((await change(u.id, 'first111', 'second22')).status, 204);
  const early = await change(u.id, 'second22', 'third333');
  assert.equal(early.status, 400);
  assert.equal(
    early.body.error.message,
    'You cannot change your password at this time due to the minimum password age. Once you change your password, it must be used for 2 day(s) before it can be changed. Please try again in 1 day(s) or contact your administrator to reset your password.',
  );
  advance(2 * DAY + 60);
  assert.equal((await change(u.id, 'second22', 'third333')).status, 204);
});

test('password_expires_days: the password expires; login is refused, a self-service change renews it', async () => {
  t.rt.config.identity.passwordExpiresDays = 10;
  const u = await newUser();
  const shown = await t.request('GET', `${V3}/users/${u.id}`, { token: admin });
  assert.match(shown.body.user.password_expires_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000000$/);
  const expires = new Date(shown.body.user.password_expires_at + 'Z').getTime();
  assert.ok(Math.abs(expires - (Date.now() + 10 * DAY * 1000)) < 5000);
  const ok = await login(u.name, 'first111');
  assert.equal(ok.body.token.user.password_expires_at, shown.body.user.password_expires_at);
  advance(10 * DAY + 1);
  const expired = await login(u.name, 'first111');
  assert.deepEqual(expired.body, {
    error: {
      code: 401,
      title: 'Unauthorized',
      message: `The password is expired and needs to be changed for user: ${u.id}.`,
    },
  });
  // a wrong password still gets the generic 401, not the expiry
  assert.equal(
    (await login(u.name, 'wrong999')).body.error.message,
    'The request you have made requires authentication.',
  );
  assert.equal((await change(u.id, 'first111', 'second22')).status, 204);
  assert.equal((await login(u.name, 'second22')).status, 201);
});

test('change_password_upon_first_use: an admin-set password must be changed before logging in', async () => {
  t.rt.config.identity.changePasswordUponFirstUse = true;
  const u = await newUser();
  assert.equal((await login(u.name, 'first111')).status, 401);
  assert.equal((await change(u.id, 'first111', 'mine1234')).status, 204);
  const ok = await login(u.name, 'mine1234');
  assert.equal(ok.status, 201);
  assert.equal(ok.body.token.user.password_expires_at, null);
});

test('concurrent self-service changes: the history stays ordered, one per sequence number', async () => {
  const u = await newUser();
  const results = await Promise.all(
    ['race1111', 'race2222', 'race3333', 'race4444'].map((p) => change(u.id, 'first111', p)),
  );
  const ok = results.filter((r) => r.status === 204).length;
  assert.ok(ok >= 1, JSON.stringify(results.map((r) => r.status)));
  for (const r of results) assert.ok([204, 401].includes(r.status), String(r.status));
  const seqs = (await historyOf(u.id)).map((p) => p.seq);
  assert.deepEqual(
    seqs,
    seqs.map((_, i) => i + 1),
  );
  assert.equal(seqs.length, ok + 1);
});
