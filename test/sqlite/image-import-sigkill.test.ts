/**
 * Crash safety of an image import in the real process: `stackbox serve` is killed with SIGKILL
 * while a web-download import is fetching; started again on the same SQLite file, the agent takes
 * the import operation back, fetches afresh and the image ends active with the right data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, killHard, serve, token, type Served } from '../helpers/served.js';

/** an image API request */
const image = (url: string, tok: string, method: string, path: string, body?: unknown) =>
  call(url, tok, method, `/image/v2${path}`, body);
const LEASE = { STACKBOX_COMPUTE__OPERATION_LEASE_MS: '2000' };

test(
  'SIGKILL during a web-download import: after restart the import is fetched afresh and the image is active',
  { timeout: 120_000 },
  async () => {
    const data = randomBytes(2 * 1024 * 1024);
    let requests = 0;
    // drips the image out over ~3 s, so that the first process dies mid-download
    const web = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(data.length) });
      let off = 0;
      const step = () => {
        if (res.destroyed) return;
        if (off >= data.length) return void res.end();
        res.write(data.subarray(off, off + 64 * 1024));
        off += 64 * 1024;
        setTimeout(step, 100);
      };
      step();
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    const uri = `http://127.0.0.1:${(web.address() as AddressInfo).port}/disk.raw`;
    const dir = mkdtempSync(join(tmpdir(), 'stackbox-import-kill-'));
    let first: Served | null = null;
    let second: Served | null = null;
    try {
      first = await serve(dir, LEASE);
      let tok = await token(first.url);
      const created = await image(first.url, tok, 'POST', '/images', {
        name: 'killed',
        disk_format: 'raw',
        container_format: 'bare',
      });
      assert.equal(created.status, 201);
      const id = created.body.id as string;
      assert.equal(
        (await image(first.url, tok, 'POST', `/images/${id}/import`, { method: { name: 'web-download', uri } })).status,
        202,
      );
      // wait until the download is under way, then kill
      for (let i = 0; i < 100 && requests === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 700));
      const mid = await image(first.url, tok, 'GET', `/images/${id}`);
      assert.equal(mid.body.status, 'importing');
      await killHard(first);
      first = null;

      second = await serve(dir, LEASE);
      tok = await token(second.url);
      const deadline = Date.now() + 60_000;
      let img = mid.body;
      while (img.status === 'importing') {
        assert.ok(Date.now() < deadline, 'the import did not settle after the restart');
        await new Promise((r) => setTimeout(r, 100));
        img = (await image(second.url, tok, 'GET', `/images/${id}`)).body;
      }
      assert.equal(img.status, 'active');
      assert.equal(img.size, data.length);
      assert.equal(img.checksum, createHash('md5').update(data).digest('hex'));
      assert.equal('os_glance_import_task' in img, false);
      assert.ok(requests >= 2, 'the restarted agent fetched the image again');
      const tasks = (await image(second.url, tok, 'GET', `/images/${id}/tasks`)).body.tasks;
      assert.equal(tasks.length, 1);
      assert.equal(tasks[0].status, 'success');
      const file = await fetch(`${second.url}/image/v2/images/${id}/file`, { headers: { 'x-auth-token': tok } });
      assert.ok(Buffer.from(await file.arrayBuffer()).equals(data));
    } finally {
      first?.child.kill('SIGKILL');
      second?.child.kill('SIGTERM');
      web.closeAllConnections();
      await new Promise((r) => web.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
