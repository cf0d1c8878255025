/**
 * The websocket half of the noVNC console (nova-novncproxy, nova/console/websocketproxy.py): a
 * console URL `…/vnc_auto.html?path=%3Ftoken%3D…` makes noVNC connect to `/?token=…` on the same
 * host, where the token is checked and, when live, the socket speaks RFB to a blank screen
 * (src/virt/rfb-server.ts) instead of being proxied to a hypervisor's VNC port.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Runtime } from '../../runtime.js';
import { vncConsoleTarget } from '../../services/compute/console-service.js';
import { startRfbSession } from '../../virt/rfb-server.js';

/** the blank framebuffer every console shows */
const SCREEN = { width: 640, height: 480 };

/**
 * Where noVNC connects: its `path` parameter is relative to the host root (`?token=…` gives
 * `/?token=…`), and websockify's default path is `/websockify`.
 */
const SOCKET_PATHS = new Set(['/', '/websockify']);

/** nova-novncproxy reads the token from the query, else from a `token` cookie (noVNC < 1.1) */
function tokenOf(req: IncomingMessage, url: URL): string | undefined {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'token') return decodeURIComponent(value.join('='));
  }
  return undefined;
}

const bytesOf = (data: RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);

/**
 * An empty close frame (a client reading frames sees no data), then the TCP connection ends
 * shortly after even if the peer never answers the close, as the proxy drops the connection
 * (`ws` alone would wait 30 s for a client such as Tempest's, which never replies).
 */
function hangUp(ws: WebSocket): void {
  ws.close();
  setTimeout(() => ws.terminate(), 250).unref();
}

/**
 * A bad or expired token closes the connection without a byte of RFB, as nova-novncproxy does
 * when its token check fails after the websocket is established.
 */
async function serveConsole(rt: Runtime, ws: WebSocket, token: string | undefined): Promise<void> {
  ws.on('error', () => ws.terminate());
  let target: { uuid: string } | undefined;
  try {
    target = token ? await vncConsoleTarget(rt, token) : undefined;
  } catch (err) {
    rt.log.warn({ err }, 'console token check failed');
  }
  if (ws.readyState !== ws.OPEN) return;
  if (!target) {
    hangUp(ws);
    return;
  }
  // the uuid as the desktop name: ASCII, and short enough for clients that read one small frame
  const session = startRfbSession(
    { ...SCREEN, name: `stackbox ${target.uuid}` },
    (bytes) => ws.send(bytes, { binary: true }),
    () => hangUp(ws),
  );
  ws.on('message', (data) => session.receive(bytesOf(data)));
}

/** Hooks the console websocket onto the HTTP server's upgrade requests. */
export function registerConsoleWebsocket(app: FastifyInstance, rt: Runtime): void {
  const wss = new WebSocketServer({
    noServer: true,
    // noVNC asks for the 'binary' subprotocol; websockify echoes it
    handleProtocols: (offered) => (offered.has('binary') ? 'binary' : false),
    maxPayload: 64 * 1024,
  });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!SOCKET_PATHS.has(url.pathname)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const token = tokenOf(req, url);
    wss.handleUpgrade(req, socket, head, (ws) => void serveConsole(rt, ws, token));
  };
  app.server.on('upgrade', onUpgrade);
  app.addHook('preClose', async () => {
    app.server.off('upgrade', onUpgrade);
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
}
