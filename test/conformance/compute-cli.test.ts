/**
 * Nova resources around servers through the real `openstack` CLI: keypairs (imported and
 * generated), absolute limits, policy denials as the client prints them, and an empty server list.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer,
  runOpenstack,
  describeRun,
  openstackInstalled,
  type ServerHandle,
  type CliResult,
} from './helpers/server.js';

const skip = openstackInstalled()
  ? false
  : '/usr/bin/openstack is not installed (apt-get install python3-openstackclient)';

/** An OpenSSH ssh-rsa public key line and its MD5 fingerprint (what Nova reports), built here independently. */
function sshRsaKey(comment: string): { line: string; fingerprint: string } {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const str = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const mpint = (b64url: string) => {
    let b = Buffer.from(b64url, 'base64url');
    if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return str(b);
  };
  const blob = Buffer.concat([str(Buffer.from('ssh-rsa')), mpint(jwk.e), mpint(jwk.n)]);
  const fingerprint = createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
  return { line: `ssh-rsa ${blob.toString('base64')} ${comment}`, fingerprint };
}

let s: ServerHandle;
const os = (args: string[], opts: { cloud?: string; json?: boolean } = {}) =>
  runOpenstack(args, { cloud: opts.cloud ?? 'stackbox', cloudsFile: s.cloudsFile, home: s.dir, json: opts.json });
async function okRun(args: string[], opts: { cloud?: string; json?: boolean } = {}): Promise<CliResult> {
  const r = await os(args, opts);
  assert.equal(r.code, 0, describeRun(args, r));
  return r;
}

describe('compute resources with the openstack CLI', { skip, timeout: 120_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });
  const key = sshRsaKey('conformance@stackbox');

  test("keypair create --public-key imports it with Nova's MD5 fingerprint, type ssh, the caller as owner", async () => {
    const pub = join(s.dir, 'cf.pub');
    writeFileSync(pub, `${key.line}\n`);
    const token = await okRun(['token', 'issue']);
    const r = await okRun(['keypair', 'create', '--public-key', pub, 'cf-imported']);
    assert.equal(r.json.name, 'cf-imported');
    assert.equal(r.json.fingerprint, key.fingerprint);
    assert.equal(r.json.type, 'ssh');
    assert.equal(r.json.user_id, token.json.user_id);
  });

  test('keypair create without a key generates one and the client saves its private key', async () => {
    const pem = join(s.dir, 'generated.pem');
    const r = await okRun(['keypair', 'create', '--private-key', pem, 'cf-generated']);
    assert.equal(r.json.name, 'cf-generated');
    assert.match(r.json.fingerprint, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    assert.match(readFileSync(pem, 'utf8'), /^-----BEGIN (RSA |OPENSSH )?PRIVATE KEY-----\n/);
  });

  test('keypair list and show return the stored keys; a duplicate name is a 409', async () => {
    const list = await okRun(['keypair', 'list']);
    assert.deepEqual(list.json.map((k: { Name: string }) => k.Name).sort(), ['cf-generated', 'cf-imported']);
    assert.equal(list.json.find((k: { Name: string }) => k.Name === 'cf-imported').Fingerprint, key.fingerprint);
    const show = await okRun(['keypair', 'show', '--public-key', 'cf-imported'], { json: false });
    assert.equal(show.stdout.trim(), key.line);
    const pub = join(s.dir, 'cf.pub');
    const dup = await os(['keypair', 'create', '--public-key', pub, 'cf-imported']);
    assert.equal(dup.code, 1, describeRun(['keypair', 'create', 'dup'], dup));
    assert.match(dup.stderr, /ConflictException: 409: .*Key pair 'cf-imported' already exists\./);
  });

  test('keypair delete removes both; show then reports the key as not found', async () => {
    const del = await okRun(['keypair', 'delete', 'cf-imported', 'cf-generated'], { json: false });
    assert.equal(del.stdout, '');
    const gone = await os(['keypair', 'show', 'cf-imported']);
    assert.equal(gone.code, 1, describeRun(['keypair', 'show'], gone));
    assert.match(gone.stderr, /No Keypair found for cf-imported/);
  });

  test("limits show --absolute prints Nova's quota limits and zero usage for a fresh project", async () => {
    const r = await okRun(['limits', 'show', '--absolute']);
    const limits = Object.fromEntries(r.json.map((l: { Name: string; Value: number }) => [l.Name, l.Value]));
    for (const name of ['maxTotalInstances', 'maxTotalCores', 'maxTotalRAMSize', 'maxTotalKeypairs', 'maxServerMeta']) {
      assert.equal(typeof limits[name], 'number', `${name} in ${r.stdout}`);
    }
    assert.equal(limits.totalInstancesUsed, 0);
    assert.equal(limits.totalCoresUsed, 0);
    assert.equal(limits.totalRAMUsed, 0);
  });

  test("hypervisor list as a project member is refused with Nova's policy message (403)", async () => {
    const r = await os(['hypervisor', 'list']);
    assert.equal(r.code, 1, describeRun(['hypervisor', 'list'], r));
    assert.match(
      r.stderr,
      /Policy doesn't allow os_compute_api:os-hypervisors:list(-detail)? to be performed\. \(HTTP 403\)/,
    );
  });

  test('image show resolves a name through Glance (404 by id, then ?name=); an unknown name is reported', async () => {
    const r = await okRun(['image', 'show', 'cirros-0.6.2']);
    assert.equal(r.json.name, 'cirros-0.6.2');
    assert.equal(r.json.status, 'active');
    assert.equal(r.json.visibility, 'public');
    assert.equal(r.json.disk_format, 'qcow2');
    assert.equal(r.json.file, `/v2/images/${r.json.id}/file`);
    const missing = await os(['image', 'show', 'no-such-image']);
    assert.equal(missing.code, 1, describeRun(['image', 'show'], missing));
    assert.match(missing.stderr, /No Image found for no-such-image/);
  });

  test('server list of a fresh project is empty', async () => {
    const r = await okRun(['server', 'list']);
    assert.deepEqual(r.json, []);
  });
});
