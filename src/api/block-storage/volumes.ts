/**
 * Cinder v3 volumes: create, list (summary and detail) with Cinder's filters and paging, show,
 * update, delete and the volume actions (cinder/api/v3/volumes.py, contrib/volume_actions.py,
 * admin_actions.py, volume_image_metadata.py).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { nextPageLink } from './next-link.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { baseUrl } from '../../http/base-url.js';
import { authorize } from '../../policy/check.js';
import { ApiVersion } from '../../http/api-version.js';
import { VolumeService, type VolumeRow, type VolumeSortKey } from '../../services/block-storage/volume-service.js';
import {
  invalidMetadataFilter,
  invalidSize,
  invalidSortDir,
  invalidSortKey,
  limitNotInteger,
  limitNotPositive,
  noSuchAction,
  notABoolean,
  bodyUriMismatch,
  RESETTABLE_STATUSES,
  resetStatusEmpty,
  resetStatusInvalid,
  volumeMetadataNotFound,
} from '../../domain/volumes/errors.js';
import { compileSchema } from '../../http/validation.js';
import { SchemaError } from '../../http/route-table.js';
import {
  parseBooleanLike,
  volumeCreate,
  volumeExtend,
  volumeMetadataKey,
  volumeMetadataSet,
  volumeResetStatus,
  volumeRetype,
  volumeSetBootable,
  volumeSetImageMetadata,
  volumeShowImageMetadata,
  volumeUnsetImageMetadata,
  volumeUpdate,
  volumeUpdateReadonly,
  volumeUploadImage,
  volumeUploadImageV31,
} from './schemas/volumes.js';
import { uploadImageView, volumeDetail, volumeSummary, type LinkBase } from './views/volumes.js';
import { volumeAttachmentsView } from './views/attachments.js';
import { AttachmentService } from '../../services/block-storage/attachment-service.js';
import {
  volumeAttach,
  volumeBeginDetaching,
  volumeDetach,
  volumeForceDetach,
  volumeInitializeConnection,
  volumeReserve,
  volumeRollDetaching,
  volumeTerminateConnection,
  volumeUnreserve,
} from './schemas/attachments.js';
import { isTrueString, parseBoolString } from '../../lib/bool-from-string.js';

const MAX_LIMIT = 1000;
const SORT_KEYS: VolumeSortKey[] = ['created_at', 'updated_at', 'id', 'name', 'size', 'status', 'availability_zone'];

export function linkBase(rt: Runtime, request: FastifyRequest): LinkBase {
  const params = request.params as Record<string, string | undefined>;
  return { root: `${baseUrl(rt.config, request)}/volume`, urlProject: params.project_id ?? null };
}

const mvOf = (request: FastifyRequest): ApiVersion => request.mv;

const first = (q: RawQuery, name: string): string | undefined => {
  const v = q[name];
  return Array.isArray(v) ? v[0] : v;
};

interface ListParams {
  limit: number;
  explicitLimit: boolean;
  marker?: string;
  sortKey: VolumeSortKey;
  sortDir: 'asc' | 'desc';
  name?: string;
  status?: string;
  availabilityZone?: string;
  bootable?: boolean;
  metadata?: Record<string, string>;
  allTenants: boolean;
  projectId?: string;
}

function listParams(q: RawQuery): ListParams {
  const rawLimit = first(q, 'limit');
  let limit = MAX_LIMIT;
  if (rawLimit !== undefined) {
    if (!/^-?\d+$/.test(rawLimit)) throw limitNotInteger();
    limit = Number(rawLimit);
    if (limit < 0) throw limitNotPositive();
    limit = Math.min(limit, MAX_LIMIT);
  }
  // sort=key[:dir][,…] (only the first key orders here; id always breaks ties) or sort_key/sort_dir
  let sortKey: string = 'created_at';
  let sortDir: string = 'desc';
  const sort = first(q, 'sort');
  if (sort !== undefined) {
    const [k, d] = (sort.split(',')[0] ?? '').split(':');
    sortKey = (k ?? '').trim() || 'created_at';
    sortDir = (d ?? 'desc').trim();
  } else {
    sortKey = first(q, 'sort_key') ?? sortKey;
    sortDir = first(q, 'sort_dir') ?? sortDir;
  }
  if (sortKey === 'display_name') sortKey = 'name';
  if (!(SORT_KEYS as string[]).includes(sortKey)) throw invalidSortKey();
  if (sortDir !== 'asc' && sortDir !== 'desc') throw invalidSortDir();
  let metadata: Record<string, string> | undefined;
  const rawMd = first(q, 'metadata');
  if (rawMd !== undefined) {
    try {
      const parsed: unknown = JSON.parse(rawMd.replace(/'/g, '"'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidMetadataFilter();
      metadata = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    } catch {
      throw invalidMetadataFilter();
    }
  }
  const bootable = first(q, 'bootable');
  const allTenants = first(q, 'all_tenants');
  return {
    limit,
    explicitLimit: rawLimit !== undefined,
    marker: first(q, 'marker'),
    sortKey: sortKey as VolumeSortKey,
    sortDir,
    name: first(q, 'name') ?? first(q, 'display_name'),
    status: first(q, 'status'),
    availabilityZone: first(q, 'availability_zone'),
    bootable: bootable === undefined ? undefined : isTrueString(bootable),
    metadata,
    allTenants: allTenants !== undefined && parseBoolString(allTenants) !== false,
    projectId: first(q, 'project_id'),
  };
}

/** utils.get_bool_param */
function strictBool(name: string, value: string): boolean {
  const parsed = parseBoolString(value);
  if (parsed !== undefined) return parsed;
  throw notABoolean(name, value);
}

interface VolumeAction {
  schema: Record<string, unknown>;
  /** the policy rule, or how the action picks it from the request and the volume */
  rule: string | ((request: FastifyRequest, v: VolumeRow) => string);
  /** further rules the action checks after the first (Cinder's API layer checks its own) */
  alsoRules?: string[];
  /** the status of an answer without a body (202 unless the action says otherwise) */
  emptyStatus?: number;
  /** the status of an answer with a body (200 unless the action says otherwise) */
  bodyStatus?: number;
  /** the schema from a microversion on, replacing `schema` */
  schemaSince?: { version: string; schema: Record<string, unknown> };
  run(
    svc: VolumeService,
    request: FastifyRequest,
    v: VolumeRow,
    body: Record<string, unknown>,
    attachments: AttachmentService,
  ): Promise<void | Record<string, unknown>>;
}

const extendsAttached = (request: FastifyRequest, v: VolumeRow): boolean =>
  request.mv.atLeast('3.42') && v.status === 'in-use';

/** the volume actions served, by their body key (contrib/volume_actions.py, admin_actions.py) */
const ACTIONS: Record<string, VolumeAction> = {
  'os-extend': {
    schema: volumeExtend,
    // volume_actions.py _extend: an in-use volume from 3.42 is extend_attached_volume, with its own rule
    rule: (request, v) => (extendsAttached(request, v) ? 'volume:extend_attached_volume' : 'volume:extend'),
    run: async (svc, request, v, body) => {
      const { new_size } = body['os-extend'] as { new_size: number | string };
      await svc.extend(request.ctx, v.id, Number(new_size), extendsAttached(request, v));
    },
  },
  'os-reset_status': {
    schema: volumeResetStatus,
    rule: 'volume_extension:volume_admin_actions:reset_status',
    run: async (svc, request, v, body) => {
      const { status } = body['os-reset_status'] as { status?: string | null };
      if (status === undefined || status === null) throw resetStatusEmpty();
      if (!(RESETTABLE_STATUSES as readonly string[]).includes(status)) throw resetStatusInvalid(status);
      await svc.resetStatus(request.ctx, v.id, status);
    },
  },
  // attach and detach (contrib/volume_actions.py); the state rules are attachment-service.ts's
  'os-reserve': {
    schema: volumeReserve,
    rule: 'volume_extension:volume_actions:reserve',
    run: (_svc, _request, v, _body, att) => att.reserve(v),
  },
  'os-unreserve': {
    schema: volumeUnreserve,
    rule: 'volume_extension:volume_actions:unreserve',
    run: (_svc, _request, v, _body, att) => att.unreserve(v),
  },
  'os-begin_detaching': {
    schema: volumeBeginDetaching,
    rule: 'volume_extension:volume_actions:begin_detaching',
    run: (_svc, _request, v, _body, att) => att.beginDetaching(v),
  },
  'os-roll_detaching': {
    schema: volumeRollDetaching,
    rule: 'volume_extension:volume_actions:roll_detaching',
    run: (_svc, _request, v, _body, att) => att.rollDetaching(v),
  },
  'os-attach': {
    schema: volumeAttach,
    rule: 'volume_extension:volume_actions:attach',
    run: (_svc, _request, v, body, att) => {
      const b = body['os-attach'] as { instance_uuid?: string; host_name?: string; mountpoint: string; mode?: string };
      return att.attach(v, {
        instanceUuid: b.instance_uuid ?? null,
        hostName: b.host_name ?? null,
        mountpoint: b.mountpoint,
        mode: b.mode ?? 'rw',
      });
    },
  },
  'os-detach': {
    schema: volumeDetach,
    rule: 'volume_extension:volume_actions:detach',
    run: (_svc, _request, v, body, att) => {
      const b = body['os-detach'] as { attachment_id?: string | null } | null;
      return att.detach(v, b?.attachment_id ?? null);
    },
  },
  'os-force_detach': {
    schema: volumeForceDetach,
    // admin_actions.py checks its rule, then volume/api.py detach its own
    rule: 'volume_extension:volume_admin_actions:force_detach',
    alsoRules: ['volume_extension:volume_actions:detach'],
    run: (_svc, _request, v, body, att) => {
      const b = body['os-force_detach'] as { attachment_id?: string | null };
      return att.forceDetach(v, b.attachment_id ?? null);
    },
  },
  'os-initialize_connection': {
    schema: volumeInitializeConnection,
    rule: 'volume_extension:volume_actions:initialize_connection',
    run: async (_svc, _request, v, body, att) => {
      const raw = (body['os-initialize_connection'] as { connector: Record<string, unknown> | string }).connector;
      const connector = typeof raw === 'string' ? (JSON.parse(raw) as Record<string, unknown>) : raw;
      return { connection_info: att.initializeConnection(v, connector) };
    },
  },
  'os-terminate_connection': {
    schema: volumeTerminateConnection,
    rule: 'volume_extension:volume_actions:terminate_connection',
    run: (_svc, _request, v, _body, att) => att.terminateConnection(v),
  },
  'os-retype': {
    schema: volumeRetype,
    rule: 'volume:retype',
    run: async (svc, request, v, body) => {
      const b = body['os-retype'] as { new_type: string; migration_policy?: string | null };
      await svc.retype(request.ctx, v.id, b.new_type, b.migration_policy ?? null);
    },
  },
  'os-volume_upload_image': {
    schema: volumeUploadImage,
    schemaSince: { version: '3.1', schema: volumeUploadImageV31 },
    rule: 'volume_extension:volume_actions:upload_image',
    bodyStatus: 202,
    run: async (svc, request, v, body) => {
      const b = body['os-volume_upload_image'] as {
        image_name: string;
        disk_format?: string;
        container_format?: string | null;
        visibility?: string;
        protected?: boolean | string;
      };
      const v31 = request.mv.atLeast('3.1');
      const visibility = v31 ? (b.visibility ?? 'private') : 'private';
      if (visibility === 'public')
        authorize(request.ctx, 'volume_extension:volume_actions:upload_public', { project_id: v.project_id });
      const r = await svc.uploadToImage(request.ctx, v.id, {
        name: b.image_name,
        diskFormat: b.disk_format ?? 'raw',
        containerFormat: b.container_format === undefined ? 'bare' : b.container_format,
        visibility,
        protected: v31 && b.protected !== undefined ? parseBooleanLike(b.protected) : false,
      });
      return { 'os-volume_upload_image': uploadImageView(r) };
    },
  },
  'os-set_bootable': {
    schema: volumeSetBootable,
    rule: 'volume:update',
    emptyStatus: 200,
    run: async (svc, request, v, body) => {
      const { bootable } = body['os-set_bootable'] as { bootable: boolean | string };
      await svc.setBootable(request.ctx, v.id, parseBooleanLike(bootable));
    },
  },
  'os-update_readonly_flag': {
    schema: volumeUpdateReadonly,
    rule: 'volume:update_readonly_flag',
    run: async (svc, request, v, body) => {
      const { readonly } = body['os-update_readonly_flag'] as { readonly: boolean | string };
      await svc.updateReadonlyFlag(request.ctx, v.id, parseBooleanLike(readonly));
    },
  },
  // volume_image_metadata.py: the Glance metadata a volume made from an image carries
  'os-show_image_metadata': {
    schema: volumeShowImageMetadata,
    rule: 'volume:get_volume_metadata',
    run: async (svc, request, v) => ({ metadata: await svc.imageMetadata(request.ctx, v.id) }),
  },
  'os-set_image_metadata': {
    schema: volumeSetImageMetadata,
    rule: 'volume_extension:volume_image_metadata:set',
    alsoRules: ['volume:update_volume_metadata'],
    run: async (svc, request, v, body) => {
      const { metadata } = body['os-set_image_metadata'] as { metadata: Record<string, string> };
      return { metadata: await svc.changeImageMetadata(request.ctx, v.id, { merge: metadata }) };
    },
  },
  'os-unset_image_metadata': {
    schema: volumeUnsetImageMetadata,
    rule: 'volume_extension:volume_image_metadata:remove',
    alsoRules: ['volume:delete_volume_metadata'],
    emptyStatus: 200,
    run: async (svc, request, v, body) => {
      const { key } = body['os-unset_image_metadata'] as { key: string };
      await svc.changeImageMetadata(request.ctx, v.id, { remove: key });
    },
  },
  'os-force_delete': {
    schema: { type: 'object' },
    rule: 'volume_extension:volume_admin_actions:force_delete',
    run: async (svc, request, v) => {
      await svc.forceDelete(request.ctx, v.id);
    },
  },
};

export function volumeRoutes(rt: Runtime): RouteDef[] {
  const svc = new VolumeService(rt);
  const attachments = new AttachmentService(rt);

  const list = (detail: boolean) => async (request: FastifyRequest) => {
    const ctx = request.ctx;
    authorize(ctx, 'volume:get_all');
    const p = listParams(request.query as RawQuery);
    const rows = await svc.list(ctx, p);
    const b = linkBase(rt, request);
    const attached = detail ? await attachments.attachedOf(rows.map((v) => v.id)) : undefined;
    const volumes = detail
      ? (await svc.withType(rows)).map(({ volume, type }) => ({
          ...volumeDetail(b, ctx, mvOf(request), volume, type),
          attachments: volumeAttachmentsView(attached?.get(volume.id) ?? [], ctx.isAdmin),
        }))
      : rows.map((v) => volumeSummary(b, v));
    const links = nextPageLink(rt, request, `/volumes${detail ? '/detail' : ''}`, rows, p.limit);
    return links ? { volumes, volumes_links: links } : { volumes };
  };

  const show = async (request: FastifyRequest, id: string, extended = true) => {
    const { volume, type } = await svc.getWithType(request.ctx, id);
    const attached = (await attachments.attachedOf([volume.id])).get(volume.id) ?? [];
    return {
      volume: {
        ...volumeDetail(linkBase(rt, request), request.ctx, mvOf(request), volume, type, extended),
        attachments: volumeAttachmentsView(attached, request.ctx.isAdmin),
      },
    };
  };

  return [
    route({
      method: 'POST',
      url: '/volumes',
      policy: 'volume:create',
      body: { '1': volumeCreate },
      handler: async (request, reply) => {
        const ctx = request.ctx;
        authorize(ctx, 'volume:create');
        const b = request.body.volume;
        const rawSize = b.size ?? null;
        if (typeof rawSize === 'string' && !/^[0-9]+$/.test(rawSize)) throw invalidSize(rawSize);
        const imageRef = b.imageRef ?? b.image_id ?? null;
        if (imageRef !== null) authorize(ctx, 'volume:create_from_image');
        const v = await svc.create(ctx, {
          size: rawSize === null ? null : Number(rawSize),
          name: b.name ?? b.display_name ?? null,
          description: b.description ?? b.display_description ?? null,
          metadata: b.metadata ?? {},
          volumeType: b.volume_type ?? null,
          availabilityZone: b.availability_zone ?? null,
          imageRef,
          sourceVolid: b.source_volid ?? null,
          snapshotId: b.snapshot_id ?? null,
          multiattach: b.multiattach === undefined ? false : parseBooleanLike(b.multiattach),
          // group_id is read from 3.13 (GROUP_VOLUME); below, the key is ignored like any unknown one
          groupId: request.mv.atLeast('3.13') && typeof b.group_id === 'string' ? b.group_id : null,
        });
        reply.code(202);
        return show(request, v.id, false);
      },
    }),
    route({ method: 'GET', url: '/volumes', policy: 'volume:get_all', handler: list(false) }),
    route({ method: 'GET', url: '/volumes/detail', policy: 'volume:get_all', handler: list(true) }),
    route({
      method: 'GET',
      url: '/volumes/summary',
      policy: 'volume:get_all',
      minVersion: '3.12',
      handler: async (request) => {
        authorize(request.ctx, 'volume:get_all');
        // filters are accepted and ignored, as Cinder's objects layer drops them
        const raw = first(request.query, 'all_tenants');
        const allTenants = raw === undefined ? false : strictBool('all_tenants', raw);
        const s = await svc.summary(request.ctx, allTenants);
        const summary: Record<string, unknown> = { total_count: s.count, total_size: s.size };
        if (request.mv.atLeast('3.36')) summary.metadata = s.metadata;
        return { 'volume-summary': summary };
      },
    }),
    route({
      method: 'GET',
      url: '/volumes/:id',
      policy: 'volume:get',
      handler: async (request) => {
        const v = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'volume:get', { project_id: v.project_id });
        return show(request, v.id);
      },
    }),
    route({
      method: 'PUT',
      url: '/volumes/:id',
      policy: 'volume:update',
      body: { '1': volumeUpdate },
      handler: async (request) => {
        const v = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'volume:update', { project_id: v.project_id });
        const b = request.body.volume;
        const name = b.name !== undefined ? b.name : b.display_name;
        const description = b.description !== undefined ? b.description : b.display_description;
        await svc.update(request.ctx, v.id, { name, description, metadata: b.metadata ?? undefined });
        return show(request, v.id, false);
      },
    }),
    route({
      method: 'DELETE',
      url: '/volumes/:id',
      policy: 'volume:delete',
      handler: async (request, reply: FastifyReply) => {
        const v = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'volume:delete', { project_id: v.project_id });
        const raw = first(request.query, 'cascade');
        const cascade = raw === undefined ? false : strictBool('cascade', raw);
        await svc.delete(request.ctx, v.id, cascade);
        return reply.code(202).type('text/html; charset=UTF-8').send('');
      },
    }),
    route({
      method: 'POST',
      url: '/volumes/:id/action',
      policy: 'volume:extend',
      handler: async (request, reply: FastifyReply) => {
        const body = request.body;
        const action =
          typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body)[0] : undefined;
        const handler = action === undefined ? undefined : ACTIONS[action];
        if (!handler) throw noSuchAction(action ?? 'None');
        const schema =
          handler.schemaSince && request.mv.atLeast(handler.schemaSince.version)
            ? handler.schemaSince.schema
            : handler.schema;
        const violation = compileSchema(schema).check(body);
        if (violation) throw new SchemaError('body', violation);
        const v = await svc.get(request.ctx, request.params.id);
        const rule = typeof handler.rule === 'string' ? handler.rule : handler.rule(request, v);
        authorize(request.ctx, rule, { project_id: v.project_id });
        for (const rule of handler.alsoRules ?? []) authorize(request.ctx, rule, { project_id: v.project_id });
        const out = await handler.run(svc, request, v, body as Record<string, unknown>, attachments);
        if (out) return reply.code(handler.bodyStatus ?? 200).send(out);
        return reply
          .code(handler.emptyStatus ?? 202)
          .type('application/json')
          .send('');
      },
    }),
    route({
      method: 'GET',
      url: '/volumes/:id/metadata',
      policy: 'volume:get_volume_metadata',
      handler: async (request) => {
        const v = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'volume:get_volume_metadata', { project_id: v.project_id });
        return { metadata: JSON.parse(v.metadata) as Record<string, string> };
      },
    }),
    route({
      method: 'POST',
      url: '/volumes/:id/metadata',
      policy: 'volume:update_volume_metadata',
      body: { '1': volumeMetadataSet },
      handler: async (request) => {
        const v = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'volume:update_volume_metadata', { project_id: v.project_id });
        return { metadata: await svc.changeMetadata(request.ctx, v.id, { merge: request.body.metadata }) };
      },
    }),
    route({
      method: 'PUT',
      url: '/volumes/:id/metadata',
      policy: 'volume:update_volume_metadata',
      body: { '1': volumeMetadataSet },
      handler: async (request) => {
        const v = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'volume:update_volume_metadata', { project_id: v.project_id });
        return { metadata: await svc.changeMetadata(request.ctx, v.id, { replace: request.body.metadata }) };
      },
    }),
    route({
      method: 'GET',
      url: '/volumes/:id/metadata/:key',
      policy: 'volume:get_volume_metadata',
      handler: async (request) => {
        const { id, key } = request.params;
        const v = await svc.get(request.ctx, id);
        authorize(request.ctx, 'volume:get_volume_metadata', { project_id: v.project_id });
        const md = JSON.parse(v.metadata) as Record<string, string>;
        if (!Object.prototype.hasOwnProperty.call(md, key)) throw volumeMetadataNotFound(v.id, key);
        return { meta: { [key]: md[key] } };
      },
    }),
    route({
      method: 'PUT',
      url: '/volumes/:id/metadata/:key',
      policy: 'volume:update_volume_metadata',
      body: { '1': volumeMetadataKey },
      handler: async (request) => {
        const { id, key } = request.params;
        const v = await svc.get(request.ctx, id);
        authorize(request.ctx, 'volume:update_volume_metadata', { project_id: v.project_id });
        const meta = request.body.meta;
        if (!Object.prototype.hasOwnProperty.call(meta, key)) throw bodyUriMismatch();
        await svc.changeMetadata(request.ctx, v.id, { merge: meta });
        return { meta };
      },
    }),
    route({
      method: 'DELETE',
      url: '/volumes/:id/metadata/:key',
      policy: 'volume:delete_volume_metadata',
      handler: async (request, reply: FastifyReply) => {
        const { id, key } = request.params;
        const v = await svc.get(request.ctx, id);
        authorize(request.ctx, 'volume:delete_volume_metadata', { project_id: v.project_id });
        await svc.changeMetadata(request.ctx, v.id, { remove: key });
        return reply.code(200).type('application/json').send('');
      },
    }),
  ];
}
