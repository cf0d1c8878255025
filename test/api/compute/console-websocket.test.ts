/**
 * The noVNC console end to end, as tempest.api.compute.servers.test_novnc drives it: the page the
 * console URL opens, then a real websocket (the `ws` client) on a listening server at the path
 * noVNC derives from the URL (`/?token=…`), speaking RFB to a blank screen; bad, expired and
 * non-VNC tokens are closed without data.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from './server-fixtures.js';

let t: TestApp;
let demo: string;
let demoProject: string;
let origin: string;
before(async () => {
  t = await startTestApp({ compute: { consoles: { serial: true } } });
  demo = await t.tokenFor('demo');
  demoProject = await projectId(t, 'demo');
  origin = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await t.close();
});

/** a fresh server's noVNC console URL (os-getVNCConsole, 2.1) */
async function vncUrl(): Promise<{ uuid: string; url: URL }> {
  const srv = await insertServer(t, demoProject);
  const r = await t.request('POST', `/compute/v2.1/servers/${srv.uuid}/action`, {
    token: demo,
    mv: '2.1',
    body: { 'os-getVNCConsole': { type: 'novnc' } },
  });
  assert.equal(r.status, 200, r.text);
  return { uuid: srv.uuid, url: new URL(r.body.console.url as string) };
}

/** the websocket path noVNC (and Tempest's create_websocket) derive from `?path=` */
const socketPath = (url: URL): string => `/${url.searchParams.get('path') ?? ''}`;

interface Conn {
  ws: WebSocket;
  /** the next binary message */
  next(): Promise<Buffer>;
  /** messages received and not yet read */
  queued(): number;
  closed: Promise<{ code: number; sawData: boolean }>;
}

function connect(path: string): Promise<Conn> {
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}${path}`, ['binary']);
  const queue: Buffer[] = [];
  const waiters: Array<(b: Buffer) => void> = [];
  let sawData = false;
  ws.on('message', (data: Buffer) => {
    sawData = true;
    const w = waiters.shift();
    if (w) w(data);
    else queue.push(data);
  });
  const closed = new Promise<{ code: number; sawData: boolean }>((resolve) =>
    ws.on('close', (code) => resolve({ code, sawData })),
  );
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        next: () => {
          const b = queue.shift();
          return b ? Promise.resolve(b) : new Promise((res) => waiters.push(res));
        },
        queued: () => queue.length,
        closed,
      }),
    );
  });
}

/** version 3.8, security None, ClientInit: the ServerInit message */
async function handshake(c: Conn): Promise<Buffer> {
  assert.equal((await c.next()).toString('latin1'), 'RFB 003.008\n');
  c.ws.send(Buffer.from('RFB 003.008\n', 'latin1'));
  assert.deepEqual([...(await c.next())], [1, 1]); // one security type: None
  c.ws.send(Buffer.from([1]));
  assert.deepEqual([...(await c.next())], [0, 0, 0, 0]); // SecurityResult OK
  c.ws.send(Buffer.from([1])); // ClientInit, shared
  return c.next();
}

test('the console page: an HTML document naming noVNC, with its script and the console log', async () => {
  const { uuid, url } = await vncUrl();
  const page = await t.request('GET', `${url.pathname}${url.search}`);
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-type']), /text\/html/);
  assert.match(page.text, /<html.*>/);
  assert.ok(page.text.includes('</html>'));
  assert.ok(page.text.includes('noVNC'));
  assert.ok(page.text.includes('<script'));
  assert.ok(page.text.includes(uuid));
  // a bad token still gets the page's 404, no script
  const bad = await t.request('GET', `${url.pathname}?path=${encodeURIComponent('?token=nope')}`);
  assert.equal(bad.status, 404);
  assert.ok(!bad.text.includes('<script'));
});

test('a good token: binary subprotocol, RFB 3.8 with None, ServerInit, a blank raw update', async () => {
  const { uuid, url } = await vncUrl();
  const c = await connect(socketPath(url));
  assert.equal(c.ws.protocol, 'binary');
  const init = await handshake(c);
  assert.equal(init.readUInt16BE(0), 640);
  assert.equal(init.readUInt16BE(2), 480);
  // pixel format: 32 bpp, depth 24, little-endian, true colour, 255 per channel
  assert.deepEqual([...init.subarray(4, 8)], [32, 24, 0, 1]);
  assert.equal(init.readUInt16BE(8), 255);
  const nameLength = init.readUInt32BE(20);
  assert.equal(init.length, 24 + nameLength);
  assert.ok(init.length <= 125, 'small enough for a client that reads one short frame');
  assert.equal(init.subarray(24).toString('latin1'), `stackbox ${uuid}`);

  // SetEncodings (raw), then a full FramebufferUpdateRequest: one raw rectangle, all black
  c.ws.send(Buffer.from([2, 0, 0, 1, 0, 0, 0, 0]));
  c.ws.send(Buffer.from([3, 0, 0, 0, 0, 0, 2, 128, 1, 224]));
  const update = await c.next();
  assert.equal(update.readUInt8(0), 0);
  assert.equal(update.readUInt16BE(2), 1);
  assert.deepEqual([update.readUInt16BE(8), update.readUInt16BE(10), update.readInt32BE(12)], [640, 480, 0]);
  assert.equal(update.length, 16 + 640 * 480 * 4);
  assert.ok(update.subarray(16).every((b) => b === 0));

  // key and pointer events are ignored, an incremental request has nothing new to send
  c.ws.send(Buffer.from([4, 1, 0, 0, 0, 0, 0, 0x61, 5, 1, 0, 10, 0, 10]));
  c.ws.send(Buffer.from([3, 1, 0, 0, 0, 0, 2, 128, 1, 224]));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(c.queued(), 0);
  assert.equal(c.ws.readyState, WebSocket.OPEN);
  c.ws.close();
  await c.closed;

  // the session leaves the token usable (nova's tokens live until they expire)
  const again = await connect(socketPath(url));
  await handshake(again);
  again.ws.close();
});

test('an RFB 3.3 client: the server picks None, no SecurityResult; a bad security choice closes', async () => {
  const { url } = await vncUrl();
  const c = await connect(socketPath(url));
  await c.next();
  c.ws.send(Buffer.from('RFB 003.003\n', 'latin1'));
  assert.deepEqual([...(await c.next())], [0, 0, 0, 1]);
  c.ws.send(Buffer.from([0]));
  const init = await c.next();
  assert.equal(init.length, 24 + init.readUInt32BE(20));
  c.ws.close();

  const d = await connect(socketPath(url));
  await d.next();
  d.ws.send(Buffer.from('RFB 003.008\n', 'latin1'));
  await d.next();
  d.ws.send(Buffer.from([2])); // VNC authentication: not offered
  const failed = await d.next();
  assert.equal(failed.readUInt32BE(0), 1);
  assert.match(failed.subarray(8).toString('latin1'), /None/);
  await d.closed;
});

test('a bad, expired or non-VNC token: the upgrade succeeds, then the socket closes without data', async () => {
  const { url } = await vncUrl();
  const path = socketPath(url);
  // Tempest's test_novnc_bad_token: `token=` becomes `token=bad`
  const bad = await connect(path.replace('token=', 'token=bad'));
  assert.deepEqual(await bad.closed, { code: 1005, sawData: false });
  const none = await connect('/');
  assert.deepEqual(await none.closed, { code: 1005, sawData: false });

  // a serial console's token is not for the VNC proxy
  const srv = await insertServer(t, demoProject);
  const serial = await t.request('POST', `/compute/v2.1/servers/${srv.uuid}/action`, {
    token: demo,
    mv: '2.1',
    body: { 'os-getSerialConsole': { type: 'serial' } },
  });
  assert.equal(serial.status, 200, serial.text);
  const serialToken = new URL(serial.body.console.url as string).searchParams.get('token');
  const wrongType = await connect(`/?token=${serialToken}`);
  assert.deepEqual(await wrongType.closed, { code: 1005, sawData: false });

  // after [consoleauth] token_ttl the token is dead
  const realClock = t.rt.clock;
  const later = Date.now() + (t.rt.config.compute.consoleTokenTtl + 1) * 1000;
  t.rt.clock = () => new Date(later);
  try {
    const expired = await connect(path);
    assert.deepEqual(await expired.closed, { code: 1005, sawData: false });
  } finally {
    t.rt.clock = realClock;
  }
});

test('the token as a cookie (noVNC < 1.1) and the websockify path', async () => {
  const { url } = await vncUrl();
  const token = new URLSearchParams((url.searchParams.get('path') ?? '').slice(1)).get('token') ?? '';
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/websockify`, ['binary'], {
    headers: { cookie: `token=${token}` },
  });
  const first = await new Promise<Buffer>((resolve, reject) => {
    ws.once('message', resolve);
    ws.once('error', reject);
  });
  assert.equal(first.toString('latin1'), 'RFB 003.008\n');
  ws.close();
});

test('an upgrade on any other path is a 404', async () => {
  const { url } = await vncUrl();
  await assert.rejects(connect(`/compute/v2.1?${url.searchParams.get('path')?.slice(1)}`), /HTTP 404/);
});
