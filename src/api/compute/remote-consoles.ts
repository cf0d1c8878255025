/**
 * Remote consoles (nova/api/openstack/compute/remote_consoles.py, console_auth_tokens.py, Zed):
 * the deprecated os-getVNCConsole / os-getSPICEConsole / os-getRDPConsole / os-getSerialConsole
 * actions (2.1–2.5, the version gate's 404 from 2.6), POST /servers/{id}/remote-consoles (2.6;
 * mks from 2.8), GET /os-console-auth-tokens/{token} (admin; below 2.31 RDP tokens only) and
 * the page a console URL opens, served by this process under /compute/_stackbox/console.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { notFound } from '../../domain/errors.js';
import {
  consolePage,
  createConsole,
  showConsoleToken,
  type ConsoleProtocol,
} from '../../services/compute/console-service.js';
import { requestServer, serverProject, visibleServer } from './server-lookup.js';
import type { ActionHandler } from './server-actions.js';
import { validateAction } from './action-body.js';
import { computeRoot } from './versions.js';
import {
  getRdpConsoleSchema,
  getSerialConsoleSchema,
  getSpiceConsoleSchema,
  getVncConsoleSchema,
  remoteConsoleCreate,
} from './schemas/remote-consoles.js';

const RULE = 'os_compute_api:os-remote-consoles';

/** where console URLs point: this process's console pages */
const proxyBase = (rt: Runtime, request: FastifyRequest): string => `${computeRoot(rt, request)}/_stackbox/console`;

/**
 * A deprecated action: schema, the rule against the caller's own project (Nova checks it before
 * loading the server), the server's 404, then the console; 200 {"console": {type, url}}.
 */
function legacyAction(rt: Runtime, action: string, protocol: ConsoleProtocol, schema: TSchema): ActionHandler {
  return async (request, reply, id, body) => {
    if (request.mv.atLeast('2.6')) throw notFound();
    validateAction(schema, body);
    authorize(request.ctx, RULE, { project_id: request.ctx.projectId });
    const row = await visibleServer(rt, request, id);
    const type = (body[action] as { type: string }).type;
    const { url } = await createConsole(rt, request.ctx, row.uuid, protocol, type, proxyBase(rt, request));
    return reply.code(200).send({ console: { type, url } });
  };
}

export function remoteConsoleActions(rt: Runtime): Record<string, ActionHandler> {
  return {
    'os-getVNCConsole': legacyAction(rt, 'os-getVNCConsole', 'vnc', getVncConsoleSchema),
    'os-getSPICEConsole': legacyAction(rt, 'os-getSPICEConsole', 'spice', getSpiceConsoleSchema),
    'os-getRDPConsole': legacyAction(rt, 'os-getRDPConsole', 'rdp', getRdpConsoleSchema),
    'os-getSerialConsole': legacyAction(rt, 'os-getSerialConsole', 'serial', getSerialConsoleSchema),
  };
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The page's inline script: opens the websocket noVNC would (its `path` parameter, relative to
 * the host root), does the RFB handshake with security None and shows the desktop it announces.
 */
const RFB_PROBE = [
  "(function(){var s=document.getElementById('status');",
  "var q=new URLSearchParams(location.search),p=q.get('path')||('?token='+(q.get('token')||''));",
  "var ws=new WebSocket((location.protocol==='https:'?'wss://':'ws://')+location.host+'/'+p.replace(/^\\//,''),['binary']);",
  "ws.binaryType='arraybuffer';var step=0;",
  'ws.onmessage=function(e){var b=new Uint8Array(e.data);',
  'if(step===0){ws.send(b);}else if(step===1){ws.send(new Uint8Array([1]));}',
  'else if(step===2){ws.send(new Uint8Array([1]));}',
  'else if(step===3){var d=new DataView(e.data);',
  "s.textContent='noVNC: connected to '+new TextDecoder().decode(b.slice(24))+' ('+d.getUint16(0)+'x'+d.getUint16(2)+', blank screen)';ws.close();}",
  'step++;};',
  "ws.onclose=function(){if(step<4)s.textContent='noVNC: connection closed (invalid or expired token?)';};})();",
].join('');

/** the token from `?token=` or noVNC's `?path=?token=` */
function tokenOf(query: unknown): string | undefined {
  const q = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  if (typeof q.token === 'string') return q.token;
  if (typeof q.path === 'string') return new URLSearchParams(q.path.replace(/^\?/, '')).get('token') ?? undefined;
  return undefined;
}

/** GET /compute/_stackbox/console/{page}: unauthenticated, the token is the credential. */
export function consolePageHandler(rt: Runtime) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = tokenOf(request.query);
    const page = token ? await consolePage(rt, token) : undefined;
    reply.header('cache-control', 'no-store');
    if (!page)
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send(
          '<!DOCTYPE html><html><head><title>Console</title></head><body><p>Invalid or expired token.</p></body></html>',
        );
    const title = `Console of ${escapeHtml(page.name)} (${page.uuid})`;
    return reply
      .code(200)
      .type('text/html; charset=utf-8')
      .send(
        `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
          '<style>body{background:#000;color:#ddd;font-family:monospace}pre{white-space:pre-wrap}</style></head>' +
          `<body><h1>${title}</h1><p>${escapeHtml(page.consoleType)} console, a minimal noVNC stand-in: ` +
          'the VNC session below is a blank screen, the console log follows.</p>' +
          `<p id="status">connecting…</p><pre id="console">${escapeHtml(page.lines.join('\n'))}</pre>` +
          `<script>${RFB_PROBE}</script></body></html>`,
      );
  };
}

export function remoteConsoleRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'POST',
      url: '/servers/:serverId/remote-consoles',
      policy: RULE,
      minVersion: '2.6',
      body: remoteConsoleCreate,
      target: serverProject(rt),
      handler: async (request) => {
        const row = await requestServer(rt, request);
        const { protocol, type } = request.body.remote_console as { protocol: ConsoleProtocol; type: string };
        const { url } = await createConsole(rt, request.ctx, row.uuid, protocol, type, proxyBase(rt, request));
        return { remote_console: { protocol, type, url } };
      },
    }),
    // the rule's target is the caller's own project (ADMIN in any case)
    route({
      method: 'GET',
      url: '/os-console-auth-tokens/:token',
      policy: 'os_compute_api:os-console-auth-tokens',
      target: (request) => ({ project_id: request.ctx.projectId }),
      handler: async (request) => {
        const c = await showConsoleToken(rt, request.params.token, !request.mv.atLeast('2.31'));
        return {
          console: {
            instance_uuid: c.instance_uuid,
            host: c.host,
            port: c.port,
            internal_access_path: c.internal_access_path,
          },
        };
      },
    }),
  ];
}
