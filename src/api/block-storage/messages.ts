/**
 * Cinder's user messages (cinder/api/v3/messages.py, from 3.3): list, show and delete what failed
 * asynchronous work recorded. From 3.5 the list takes filters, paging and sort; from 3.34 a
 * member's filters are held to the configured ones (resource_filters.json "message").
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import {
  MESSAGE_COLUMNS,
  MessageService,
  type MessageColumn,
  type MessageRow,
} from '../../services/block-storage/message-service.js';
import { userMessage } from '../../domain/volumes/message-fields.js';
import { invalidSortKey } from '../../domain/volumes/errors.js';
import { badRequest } from '../../domain/errors.js';
import { cinderTime, volumeLinks, type LinkBase } from './views/volumes.js';
import { linkBase } from './volumes.js';
import { nextPageLink } from './next-link.js';
import { firstParam, MAX_LIMIT, pageParams, sortParams } from './list-params.js';

/** the filters a member may use (resource_filters.json) */
const MEMBER_FILTERS = ['resource_uuid', 'resource_type', 'event_id', 'request_id', 'message_level'];
/** what get_pagination_params and get_sort_params take out of the query */
const PAGING_KEYS = ['limit', 'marker', 'offset', 'sort', 'sort_key', 'sort_dir'];
/** Cinder's own list cap when no paging applies (before 3.5 the whole list) */
const ALL = 2147483647;

function messageView(b: LinkBase, m: MessageRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: m.id,
    event_id: m.event_id,
    user_message: userMessage(m.action_id, m.detail_id),
    message_level: m.message_level,
    created_at: cinderTime(m.created_at),
    guaranteed_until: cinderTime(m.expires_at),
    request_id: m.request_id,
    links: volumeLinks(b, 'messages', m.id),
  };
  if (m.resource_type) out.resource_type = m.resource_type;
  if (m.resource_uuid) out.resource_uuid = m.resource_uuid;
  return out;
}

interface ListParams {
  equal: Partial<Record<MessageColumn, string>>;
  /** a filter on something a message does not have: nothing matches (is_valid_model_filters) */
  none: boolean;
  sortKey: MessageColumn;
  sortDir: 'asc' | 'desc';
  limit: number;
  offset: number;
  marker?: string;
}

function listParams(request: FastifyRequest): ListParams {
  const defaults: ListParams = {
    equal: {},
    none: false,
    sortKey: 'created_at',
    sortDir: 'desc',
    limit: ALL,
    offset: 0,
  };
  if (!request.mv.atLeast('3.5')) return defaults;
  const q = request.query as RawQuery;
  const { limit, offset, explicitLimit } = pageParams(q);
  const { key, dir } = sortParams(q);
  if (!(MESSAGE_COLUMNS as readonly string[]).includes(key)) throw invalidSortKey();
  const filters = Object.keys(q).filter((k) => !PAGING_KEYS.includes(k));
  if (request.mv.atLeast('3.34') && !request.ctx.isAdmin) {
    for (const k of filters)
      if (!/^[\x20-\x7e]*$/.test(k)) throw badRequest('Filter keys can only contain ASCII characters.');
    const invalid = filters.filter((k) => !MEMBER_FILTERS.includes(k) && k !== 'all_tenants');
    if (invalid.length > 0) throw badRequest(`Invalid filters ${invalid.join(',')} are found in query options.`);
  }
  const equal: Partial<Record<MessageColumn, string>> = {};
  let none = false;
  for (const k of filters) {
    // a member's all_tenants is dropped (bug #1917574); anything else no message has matches none
    if (k === 'all_tenants' && request.mv.atLeast('3.34') && !request.ctx.isAdmin) continue;
    const v = firstParam(q, k);
    if ((MESSAGE_COLUMNS as readonly string[]).includes(k) && v !== undefined) equal[k as MessageColumn] = v;
    else none = true;
  }
  return {
    equal,
    none,
    sortKey: key as MessageColumn,
    sortDir: dir,
    limit: explicitLimit ? limit : MAX_LIMIT,
    offset,
    marker: firstParam(q, 'marker'),
  };
}

export function messageRoutes(rt: Runtime): RouteDef[] {
  const svc = new MessageService(rt);
  return [
    route({
      method: 'GET',
      url: '/messages',
      policy: 'message:get_all',
      minVersion: '3.3',
      target: (request) => ({ project_id: request.ctx.projectId ?? '' }),
      handler: async (request) => {
        const p = listParams(request);
        const rows = p.none ? [] : await svc.list(request.ctx, p);
        const b = linkBase(rt, request);
        const out: Record<string, unknown> = { messages: rows.map((m) => messageView(b, m)) };
        const links = p.limit === ALL ? undefined : nextPageLink(rt, request, '/messages', rows, p.limit);
        if (links) out.messages_links = links;
        return out;
      },
    }),
    route({
      method: 'GET',
      url: '/messages/:id',
      policy: 'message:get',
      minVersion: '3.3',
      handler: async (request) => {
        // the message is read first, then the rule is checked against its project
        const m = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'message:get', { project_id: m.project_id });
        return { message: messageView(linkBase(rt, request), m) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/messages/:id',
      policy: 'message:delete',
      minVersion: '3.3',
      handler: async (request, reply: FastifyReply) => {
        const m = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'message:delete', { project_id: m.project_id });
        await svc.delete(request.ctx, m.id);
        return reply.code(204).send();
      },
    }),
  ];
}
