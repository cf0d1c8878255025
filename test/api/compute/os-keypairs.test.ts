import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const K = '/compute/v2.1/os-keypairs';
const PUB =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQdW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02RhIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/0d3ac30bNH6Sw9JD9UZHYcpSxsIbECHw== Generated-by-Nova';

test('below 2.2 create generates a real RSA key and answers 200 without type; delete is 202', async () => {
  const r = await t.request('POST', K, { token: demo, body: { keypair: { name: 'gen-1' } } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.body.keypair).sort(), ['fingerprint', 'name', 'private_key', 'public_key', 'user_id']);
  const priv = createPrivateKey(r.body.keypair.private_key);
  assert.equal(priv.asymmetricKeyType, 'rsa');
  assert.match(r.body.keypair.private_key, /^-----BEGIN RSA PRIVATE KEY-----/);
  assert.match(r.body.keypair.public_key, /^ssh-rsa AAAA/);
  assert.match(r.body.keypair.fingerprint, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  const stored = await t.rt.store.db
    .selectFrom('keypairs')
    .selectAll()
    .where('name', '=', 'gen-1')
    .executeTakeFirstOrThrow();
  assert.equal(stored.public_key, r.body.keypair.public_key);
  assert.equal((await t.request('DELETE', `${K}/gen-1`, { token: demo })).status, 202);
});

test('from 2.2 import answers 201 with type and the ssh MD5 fingerprint; duplicate 409; delete 204 then 404', async () => {
  const r = await t.request('POST', K, {
    token: demo,
    mv: '2.2',
    body: { keypair: { name: 'imp-1', public_key: PUB } },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.keypair.type, 'ssh');
  assert.equal(r.body.keypair.private_key, undefined);
  assert.equal(r.body.keypair.fingerprint, '1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c');
  const dup = await t.request('POST', K, {
    token: demo,
    mv: '2.2',
    body: { keypair: { name: 'imp-1', public_key: PUB } },
  });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.conflictingRequest.message, "Key pair 'imp-1' already exists.");
  const show = await t.request('GET', `${K}/imp-1`, { token: demo, mv: '2.2' });
  assert.equal(show.status, 200);
  assert.deepEqual(Object.keys(show.body.keypair).sort(), [
    'created_at',
    'deleted',
    'deleted_at',
    'fingerprint',
    'id',
    'name',
    'public_key',
    'type',
    'updated_at',
    'user_id',
  ]);
  assert.equal(typeof show.body.keypair.id, 'number');
  const list = await t.request('GET', K, { token: demo, mv: '2.2' });
  assert.deepEqual(
    list.body.keypairs.map((k: { keypair: { name: string } }) => Object.keys(k.keypair).sort()),
    [['fingerprint', 'name', 'public_key', 'type']],
  );
  assert.equal((await t.request('DELETE', `${K}/imp-1`, { token: demo, mv: '2.2' })).status, 204);
  const gone = await t.request('GET', `${K}/imp-1`, { token: demo, mv: '2.2' });
  assert.equal(gone.status, 404);
  assert.match(gone.body.itemNotFound.message, /^Keypair imp-1 not found for user /);
});

test('invalid key material, unsafe names and unknown fields are 400; keypairs are per user', async () => {
  const bad = await t.request('POST', K, {
    token: demo,
    mv: '2.2',
    body: { keypair: { name: 'bad', public_key: 'ssh-rsa notbase64!' } },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.badRequest.message, 'Keypair data is invalid: failed to generate fingerprint');
  const unsafe = await t.request('POST', K, { token: demo, body: { keypair: { name: 'a/b', public_key: PUB } } });
  assert.equal(unsafe.status, 400);
  const extra = await t.request('POST', K, { token: demo, body: { keypair: { name: 'x', foo: 1 } } });
  assert.equal(extra.status, 400);
  await t.request('POST', K, { token: admin, mv: '2.2', body: { keypair: { name: 'admins', public_key: PUB } } });
  assert.equal((await t.request('GET', `${K}/admins`, { token: demo })).status, 404);
  assert.equal((await t.request('GET', `${K}?user_id=nobody`, { token: demo, mv: '2.10' })).status, 403);
});

test('2.35 paging by name with keypairs_links; 2.92 requires public_key', async () => {
  for (const n of ['p-a', 'p-b', 'p-c'])
    await t.request('POST', K, { token: demo, mv: '2.35', body: { keypair: { name: n, public_key: PUB } } });
  const p1 = await t.request('GET', `${K}?limit=2`, { token: demo, mv: '2.35' });
  assert.deepEqual(
    p1.body.keypairs.map((k: { keypair: { name: string } }) => k.keypair.name),
    ['p-a', 'p-b'],
  );
  const next = new URL(p1.body.keypairs_links[0].href);
  const p2 = await t.request('GET', `${K}${next.search}`, { token: demo, mv: '2.35' });
  assert.deepEqual(
    p2.body.keypairs.map((k: { keypair: { name: string } }) => k.keypair.name),
    ['p-c'],
  );
  const noKey = await t.request('POST', K, { token: demo, mv: '2.92', body: { keypair: { name: 'nokey' } } });
  assert.equal(noKey.status, 400);
});

test('2.2 generates an x509 keypair: a self-signed WinRM client certificate and its PKCS#12 bundle', async () => {
  const r = await t.request('POST', K, { token: demo, mv: '2.2', body: { keypair: { name: 'win-1', type: 'x509' } } });
  assert.equal(r.status, 201, r.text);
  const kp = r.body.keypair;
  assert.equal(kp.type, 'x509');
  const cert = new X509Certificate(kp.public_key);
  assert.equal(cert.subject, `CN=${kp.user_id}`);
  assert.equal(cert.issuer, cert.subject);
  assert.ok(cert.verify(cert.publicKey));
  assert.equal(cert.subjectAltName, `othername:UPN:${kp.user_id}@localhost`);
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);
  // the subjectKeyIdentifier OpenSSL adds (OID 2.5.29.14)
  assert.ok(cert.raw.includes(Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x0e])));
  const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
  assert.ok(Math.abs(days - 3650) < 1, String(days));
  // Nova's x509 fingerprint: SHA-1 of the DER certificate, lowercase hex pairs
  assert.equal(kp.fingerprint, cert.fingerprint.toLowerCase());
  // the private key is a base64 PKCS#12 (PFX version 3, DER)
  const pfx = Buffer.from(kp.private_key, 'base64');
  assert.equal(pfx[0], 0x30);
  assert.ok(pfx.includes(Buffer.from([0x02, 0x01, 0x03])));
  const shown = await t.request('GET', `${K}/win-1`, { token: demo, mv: '2.2' });
  assert.equal(shown.body.keypair.public_key, kp.public_key);
  assert.equal(shown.body.keypair.type, 'x509');
  assert.equal(shown.body.keypair.private_key, undefined);
});

test('an imported x509 certificate keeps its SHA-1 fingerprint; a non-certificate is 400', async () => {
  const made = await t.request('POST', K, {
    token: demo,
    mv: '2.2',
    body: { keypair: { name: 'win-src', type: 'x509' } },
  });
  const pem = made.body.keypair.public_key as string;
  const imp = await t.request('POST', K, {
    token: admin,
    mv: '2.2',
    body: { keypair: { name: 'win-imp', type: 'x509', public_key: pem } },
  });
  assert.equal(imp.status, 201, imp.text);
  assert.equal(imp.body.keypair.fingerprint, made.body.keypair.fingerprint);
  assert.equal(imp.body.keypair.private_key, undefined);
  const bad = await t.request('POST', K, {
    token: demo,
    mv: '2.2',
    body: { keypair: { name: 'win-bad', type: 'x509', public_key: PUB } },
  });
  assert.equal(bad.status, 400);
  assert.match(
    bad.body.badRequest.message,
    /^Keypair data is invalid: failed to generate X509 fingerprint\. Error message: Unable to load PEM file\./,
  );
  const x509Below22 = await t.request('POST', K, { token: demo, body: { keypair: { name: 'w', type: 'x509' } } });
  assert.equal(x509Below22.status, 400);
});
