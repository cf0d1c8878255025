/**
 * Image data with the real `openstack` CLI (openstacksdk's image proxy): create with --file
 * (POST /v2/images, then PUT …/file), show the checksum, save the bytes back and compare, change
 * it with image set/unset (PATCH), tag it, deactivate and reactivate it, share it with another
 * project that accepts it, import one with image create --import (stage + glance-direct), boot a
 * server from the upload, and the size cap (image.maxUploadBytes, lowered for this server) both
 * through the CLI and with a chunked upload that has no Content-Length.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer,
  demoCli,
  describeRun,
  openstackInstalled,
  runOpenstack,
  type CliResult,
  type ServerHandle,
} from './helpers/server.js';
import { apiToken, deriveClouds, readClouds, serves } from './helpers/clouds.js';

const notInstalled = openstackInstalled()
  ? false
  : '/usr/bin/openstack is not installed (apt-get install python3-openstackclient)';
const MIB = 1024 * 1024;

let s: ServerHandle;
const { os, okRun } = demoCli(() => s);

describe('image upload and download with the openstack CLI', { skip: notInstalled, timeout: 300_000 }, () => {
  // several chunks of the store, under the cap set below
  const data = randomBytes(2 * MIB + 4321);
  let file: string;
  before(async () => {
    s = await startServer({ env: { STACKBOX_IMAGE__MAX_UPLOAD_BYTES: String(4 * MIB) } });
    file = join(s.dir, 'disk.qcow2');
    writeFileSync(file, data);
  });
  after(async () => {
    await s?.stop();
  });

  test('image create --file … --disk-format qcow2 --container-format bare uploads and exits 0', async () => {
    const r = await okRun([
      'image',
      'create',
      '--file',
      file,
      '--disk-format',
      'qcow2',
      '--container-format',
      'bare',
      'cf-img',
    ]);
    assert.equal(r.json.name, 'cf-img');
    // openstacksdk prints the image as POST /v2/images returned it, before the upload (so does it against Glance)
    assert.equal(r.json.status, 'queued');
  });

  test('image show: status active, checksum, size, sha512 hash', async () => {
    const r = await okRun(['image', 'show', 'cf-img']);
    assert.equal(r.json.status, 'active');
    assert.equal(r.json.size, data.length);
    assert.equal(r.json.checksum, createHash('md5').update(data).digest('hex'));
    // OSC lists the fields it has no column for under properties
    assert.equal(r.json.properties.os_hash_algo, 'sha512');
    assert.equal(r.json.properties.os_hash_value, createHash('sha512').update(data).digest('hex'));
  });

  test('image save --file out writes the uploaded bytes', async () => {
    const out = join(s.dir, 'out.img');
    await okRun(['image', 'save', '--file', out, 'cf-img'], { json: false });
    assert.ok(readFileSync(out).equals(data), 'saved bytes differ from the uploaded ones');
  });

  test('image set --property k=v --min-disk 1 --name cf-img2 --tag t1, then image unset --property k (PATCH /v2/images/{id})', async () => {
    await okRun(
      ['image', 'set', '--property', 'k=v', '--min-disk', '1', '--name', 'cf-img2', '--tag', 't1', 'cf-img'],
      { json: false },
    );
    const r = await okRun(['image', 'show', 'cf-img2']);
    assert.equal(r.json.min_disk, 1);
    assert.deepEqual(r.json.tags, ['t1']);
    assert.equal(r.json.properties.k, 'v');
    await okRun(['image', 'unset', '--property', 'k', 'cf-img2'], { json: false });
    await okRun(['image', 'set', '--name', 'cf-img', 'cf-img2'], { json: false });
    const back = await okRun(['image', 'show', 'cf-img']);
    assert.ok(!('k' in back.json.properties));
    // the data's formats are fixed once it is uploaded, as in Glance
    const fmt = await os(['image', 'set', '--disk-format', 'raw', 'cf-img'], { json: false });
    assert.notEqual(fmt.code, 0);
    assert.match(fmt.stderr, /403/);
  });

  test('server create --image cf-img --wait → ACTIVE', async (t) => {
    if (!(await serves(s.url, s.cloudsFile, 'compute', 'POST', '/servers'))) {
      t.skip('POST /servers is not served yet');
      return;
    }
    const r = await okRun(
      [
        'server',
        'create',
        '--flavor',
        'm1.tiny',
        '--image',
        'cf-img',
        '--network',
        'private',
        '--wait',
        'cf-from-upload',
      ],
      { timeoutMs: 90_000 },
    );
    assert.equal(r.json.status, 'ACTIVE');
    assert.match(String(r.json.image), /cf-img/);
  });

  test('a queued image (created without --file) cannot boot a server', async (t) => {
    if (!(await serves(s.url, s.cloudsFile, 'compute', 'POST', '/servers'))) {
      t.skip('POST /servers is not served yet');
      return;
    }
    // through the API: `image create` without --file reads the image from a stdin that is not a tty
    const token = await apiToken(readClouds(s.cloudsFile).clouds['stackbox']!.auth);
    const created = await fetch(`${s.url}/image/v2/images`, {
      method: 'POST',
      headers: { 'x-auth-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'cf-empty', disk_format: 'qcow2', container_format: 'bare' }),
    });
    assert.equal(created.status, 201);
    const r = await os(
      ['server', 'create', '--flavor', 'm1.tiny', '--image', 'cf-empty', '--network', 'private', 'cf-no'],
      { json: false },
    );
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /is not active/);
  });

  test('a file over the cap: image create --file fails with 413 (and openstacksdk deletes the image it created)', async () => {
    const big = join(s.dir, 'big.img');
    writeFileSync(big, randomBytes(4 * MIB + 1));
    const r = await os(
      ['image', 'create', '--file', big, '--disk-format', 'raw', '--container-format', 'bare', 'cf-big'],
      { json: false },
    );
    assert.notEqual(r.code, 0, describeRun(['image', 'create', 'cf-big'], r));
    assert.match(r.stderr, /413/);
    const show = await os(['image', 'show', 'cf-big']);
    assert.notEqual(show.code, 0);
    assert.match(show.stderr, /No Image found for cf-big/);
  });

  test('a chunked upload without Content-Length passing the cap is answered 413 on the open connection', async () => {
    const token = await apiToken(readClouds(s.cloudsFile).clouds['stackbox']!.auth);
    const base = `${s.url}/image/v2/images`;
    const created = await fetch(base, {
      method: 'POST',
      headers: { 'x-auth-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'cf-chunked' }),
    });
    assert.equal(created.status, 201);
    const id = ((await created.json()) as { id: string }).id;
    const parts = Array.from({ length: 6 }, () => randomBytes(MIB));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const res = await fetch(`${base}/${id}/file`, {
      method: 'PUT',
      headers: { 'x-auth-token': token, 'content-type': 'application/octet-stream' },
      body,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.match(await res.text(), /The incoming image is too large/);
    const show = await fetch(`${base}/${id}`, { headers: { 'x-auth-token': token } });
    assert.equal(((await show.json()) as { status: string }).status, 'queued');
  });

  test('image set --tag t2 then image unset --tag t1 (DELETE …/tags/t1): the tags follow', async () => {
    await okRun(['image', 'set', '--tag', 't2', 'cf-img'], { json: false });
    assert.deepEqual([...(await okRun(['image', 'show', 'cf-img'])).json.tags].sort(), ['t1', 't2']);
    await okRun(['image', 'unset', '--tag', 't1', 'cf-img'], { json: false });
    assert.deepEqual((await okRun(['image', 'show', 'cf-img'])).json.tags, ['t2']);
  });

  test('image set --deactivate: status deactivated, image save refused; --activate: active again', async () => {
    await okRun(['image', 'set', '--deactivate', 'cf-img'], { json: false });
    assert.equal((await okRun(['image', 'show', 'cf-img'])).json.status, 'deactivated');
    const save = await os(['image', 'save', '--file', join(s.dir, 'never.img'), 'cf-img'], { json: false });
    assert.notEqual(save.code, 0, describeRun(['image', 'save', 'cf-img'], save));
    // openstacksdk words Glance's 403 this way (the download is refused, not empty)
    assert.match(save.stderr, /Unable to download image/);
    await okRun(['image', 'set', '--activate', 'cf-img'], { json: false });
    assert.equal((await okRun(['image', 'show', 'cf-img'])).json.status, 'active');
  });

  test('image add project shares a shared image; the project accepts it (image set --accept) and then sees it', async () => {
    const admin = (args: string[], json = true) =>
      runOpenstack(args, { cloud: 'stackbox-admin', cloudsFile: s.cloudsFile, home: s.dir, json });
    const must = async (args: string[], r: Promise<CliResult>) => {
      const done = await r;
      assert.equal(done.code, 0, describeRun(args, done));
      return done;
    };
    const project = await must(['project', 'create', 'img-p2'], admin(['project', 'create', 'img-p2']));
    await must(['user', 'create'], admin(['user', 'create', '--project', 'img-p2', '--password', 'pw', 'img-u2']));
    await must(['role', 'add'], admin(['role', 'add', '--project', 'img-p2', '--user', 'img-u2', 'member'], false));
    const u2Clouds = deriveClouds(
      s.cloudsFile,
      s.dir,
      'img-u2.yaml',
      'stackbox',
      { username: 'img-u2', password: 'pw', project_name: 'img-p2' },
      'img-u2',
    );
    const u2 = (args: string[], json = true) =>
      runOpenstack(args, { cloud: 'img-u2', cloudsFile: u2Clouds, home: s.dir, json });

    // with --file: without one, `image create` reads the image from the (non-tty) stdin
    const small = join(s.dir, 'small.img');
    writeFileSync(small, 'shared bytes');
    const img = await okRun([
      'image',
      'create',
      '--shared',
      '--file',
      small,
      '--disk-format',
      'raw',
      '--container-format',
      'bare',
      'cf-shared',
    ]);
    const imageId = img.json.id as string;
    assert.equal(img.json.visibility, 'shared');
    // not shared yet: the other project does not see it
    assert.notEqual((await u2(['image', 'show', imageId])).code, 0);

    // by id: a member of the demo project may not look projects up by name (Keystone's policy)
    const add = await okRun(['image', 'add', 'project', 'cf-shared', project.json.id]);
    assert.equal(add.json.member_id, project.json.id, add.stdout);
    assert.equal(add.json.status, 'pending', add.stdout);
    const members = await okRun(['image', 'member', 'list', 'cf-shared']);
    assert.equal(members.json.length, 1, members.stdout);

    // pending: visible by id, not in the member's image list
    const pendingList = await must(['image', 'list'], u2(['image', 'list']));
    assert.ok(!pendingList.json.some((i: { ID: string }) => i.ID === imageId), pendingList.stdout);
    await must(['image', 'set', '--accept'], u2(['image', 'set', '--accept', imageId], false));
    const list = await must(['image', 'list'], u2(['image', 'list']));
    assert.ok(
      list.json.some((i: { ID: string }) => i.ID === imageId),
      list.stdout,
    );
    const shown = await must(['image', 'show'], u2(['image', 'show', imageId]));
    assert.equal(shown.json.name, 'cf-shared');
    const sharedList = await must(['image', 'list', '--shared'], u2(['image', 'list', '--shared']));
    assert.deepEqual(
      sharedList.json.map((i: { ID: string }) => i.ID),
      [imageId],
    );

    await okRun(['image', 'remove', 'project', 'cf-shared', project.json.id], { json: false });
    assert.notEqual((await u2(['image', 'show', imageId])).code, 0);
  });

  test('image create --import --file: openstacksdk stages the bytes and imports them (glance-direct), the image turns active', async () => {
    const imported = randomBytes(MIB + 99);
    const path = join(s.dir, 'import.raw');
    writeFileSync(path, imported);
    const r = await okRun([
      'image',
      'create',
      '--import',
      '--file',
      path,
      '--disk-format',
      'raw',
      '--container-format',
      'bare',
      'cf-import',
    ]);
    assert.equal(r.json.name, 'cf-import');
    // the import runs in the background, as in Glance: poll image show until it settles
    let shown = (await okRun(['image', 'show', 'cf-import'])).json;
    for (let i = 0; i < 100 && shown.status !== 'active' && shown.status !== 'queued'; i++) {
      await new Promise((res) => setTimeout(res, 100));
      shown = (await okRun(['image', 'show', 'cf-import'])).json;
    }
    assert.equal(shown.status, 'active', JSON.stringify(shown));
    assert.equal(shown.checksum, createHash('md5').update(imported).digest('hex'));
    assert.equal(shown.properties.os_glance_importing_to_stores, '');
    const out = join(s.dir, 'import.out');
    await okRun(['image', 'save', '--file', out, 'cf-import'], { json: false });
    assert.ok(readFileSync(out).equals(imported));
    await okRun(['image', 'delete', 'cf-import'], { json: false });
  });

  test('image delete cf-img; image show then fails', async () => {
    await okRun(['image', 'delete', 'cf-img'], { json: false });
    const r = await os(['image', 'show', 'cf-img']);
    assert.notEqual(r.code, 0);
  });
});
