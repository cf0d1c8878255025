/**
 * Remote consoles (compute/api.py get_vnc_console & co., compute/manager.py get_*_console,
 * objects/console_auth_token.py) and the console page their URLs lead to. A console URL carries
 * a random token whose SHA-256 is stored with the instance, host and port it opens, until
 * [consoleauth] token_ttl; the page shows the server's console log, and its websocket a blank VNC screen.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { DomainError, instanceNotFound, notFound } from '../../domain/errors.js';
import { consoleTypeInvalid, consoleTypeUnavailable } from '../../domain/compute-errors.js';
import { checkInstanceHost, checkInstanceState, type InstanceAction } from '../../domain/instances/rules.js';
import { consoleLog } from '../../domain/console/console-log.js';
import { isUuidLike } from '../../lib/ids.js';
import { findInstance } from '../../store/repositories/instance-repository.js';
import {
  deleteExpiredConsoleAuthTokens,
  findLiveConsoleAuthToken,
  insertConsoleAuthToken,
} from '../../store/repositories/console-auth-token-repository.js';
import { listActions } from './instance-action-reads.js';
import { addressesFor } from './server-reads.js';

export type ConsoleProtocol = 'vnc' | 'spice' | 'serial' | 'rdp' | 'mks';

interface ProtocolSpec {
  /** the one console type the compute manager accepts for the protocol */
  type: string;
  rule: InstanceAction;
  /** the guest-side port a real proxy would connect to (libvirt's defaults) */
  port: number;
  /** the page of the proxy's base URL ([vnc] novncproxy_base_url & co.) */
  page: string;
}

// compute/manager.py: novnc only for vnc (xvpvnc was removed), spice-html5, serial, rdp-html5, webmks
const PROTOCOLS: Record<ConsoleProtocol, ProtocolSpec> = {
  vnc: { type: 'novnc', rule: 'getVncConsole', port: 5900, page: 'vnc_auto.html' },
  spice: { type: 'spice-html5', rule: 'getSpiceConsole', port: 5900, page: 'spice_auto.html' },
  serial: { type: 'serial', rule: 'getSerialConsole', port: 10000, page: 'serial' },
  rdp: { type: 'rdp-html5', rule: 'getRdpConsole', port: 3389, page: 'rdp' },
  mks: { type: 'webmks', rule: 'getMksConsole', port: 5900, page: 'mks' },
};

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * The checks in Nova's order (the server's 404, @check_instance_host, @reject_instance_state, the
 * protocol switched on in nova.conf, the type the protocol has), then a token stored and its URL
 * under `proxyBase` (this process's `/_stackbox/console`).
 */
export async function createConsole(
  rt: Runtime,
  ctx: RequestContext,
  uuid: string,
  protocol: ConsoleProtocol,
  consoleType: string,
  proxyBase: string,
): Promise<{ url: string }> {
  const spec = PROTOCOLS[protocol];
  const inst = isUuidLike(uuid) ? await findInstance(rt.store.db, uuid) : undefined;
  if (!inst || inst.deleted || (!ctx.isAdmin && inst.project_id !== ctx.projectId)) throw instanceNotFound(uuid);
  checkInstanceHost(inst);
  checkInstanceState(spec.rule, inst);
  if (!rt.config.compute.consoles[protocol]) throw consoleTypeUnavailable(consoleType);
  if (consoleType !== spec.type) throw consoleTypeInvalid(consoleType);
  const token = randomUUID();
  const now = rt.clock();
  const base = `${proxyBase}/${spec.page}`;
  await rt.store.transaction(async (trx) => {
    await deleteExpiredConsoleAuthTokens(trx, now.toISOString());
    await insertConsoleAuthToken(trx, {
      id: randomUUID(),
      token_hash: hashToken(token),
      console_type: consoleType,
      host: inst.host ?? '',
      port: spec.port,
      internal_access_path: null,
      instance_uuid: inst.uuid,
      access_url_base: base,
      expires: new Date(now.getTime() + rt.config.compute.consoleTokenTtl * 1000).toISOString(),
      created_at: now.toISOString(),
    });
  });
  // objects/console_auth_token.py access_url: noVNC reads the token from its `path` parameter
  const query =
    consoleType === 'novnc' ? `path=${encodeURIComponent(`?token=${token}`)}` : `token=${encodeURIComponent(token)}`;
  return { url: `${base}?${query}` };
}

export interface ConsoleConnection {
  instance_uuid: string;
  host: string;
  port: number;
  internal_access_path: string | null;
  console_type: string;
}

/** the live token's connection (expired, unknown, or for a deleted server: undefined) */
async function liveToken(rt: Runtime, token: string): Promise<ConsoleConnection | undefined> {
  const row = await findLiveConsoleAuthToken(rt.store.db, hashToken(token), rt.clock().toISOString());
  if (!row) return undefined;
  const inst = await findInstance(rt.store.db, row.instance_uuid);
  if (!inst || inst.deleted) return undefined;
  return row;
}

/**
 * console_auth_tokens.py _show: 404 "Token not found"; below 2.31 only RDP tokens may be read
 * (401). The policy (admin) is the route's.
 */
export async function showConsoleToken(rt: Runtime, token: string, rdpOnly: boolean): Promise<ConsoleConnection> {
  const conn = await liveToken(rt, token);
  if (!conn) throw notFound('Token not found');
  if (rdpOnly && conn.console_type !== 'rdp-html5')
    throw new DomainError('UNAUTHORIZED', 401, 'The requested console type details are not accessible');
  return conn;
}

/** What the console page shows: the server and its console log (as os-getConsoleOutput builds it). */
export async function consolePage(
  rt: Runtime,
  token: string,
): Promise<{ uuid: string; name: string; consoleType: string; lines: string[] } | undefined> {
  const conn = await liveToken(rt, token);
  if (!conn) return undefined;
  const inst = await findInstance(rt.store.db, conn.instance_uuid);
  if (!inst) return undefined;
  const [actions, addrs] = await Promise.all([listActions(rt, inst.uuid), addressesFor(rt, [inst.uuid])]);
  const lines = consoleLog({
    uuid: inst.uuid,
    hostname: inst.hostname,
    actions: actions.reverse().map((a) => ({ action: a.action, start_time: a.start_time })),
    addresses: (addrs.get(inst.uuid) ?? []).map((a) => a.ip_address),
  });
  return { uuid: inst.uuid, name: inst.display_name, consoleType: conn.console_type, lines };
}

/**
 * The server a VNC console websocket opens (nova-novncproxy's token check): a live token of type
 * novnc, for a server that still exists; anything else is undefined and the proxy closes.
 */
export async function vncConsoleTarget(rt: Runtime, token: string): Promise<{ uuid: string } | undefined> {
  const conn = await liveToken(rt, token);
  if (!conn || conn.console_type !== PROTOCOLS.vnc.type) return undefined;
  return { uuid: conn.instance_uuid };
}
