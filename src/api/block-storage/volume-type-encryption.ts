/**
 * Cinder's volume type encryption (contrib/volume_type_encryption.py): an admin gives a type the
 * encryption its volumes are created with (provider, cipher, key size, control location). Create
 * and update answer the body back as given (with the ids a create adds); the specs of a type some
 * volume uses cannot change.
 */
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  TypeEncryptionService,
  type EncryptionSpec,
  type TypeEncryptionRow,
} from '../../services/block-storage/volume-type-service.js';
import { invalidInput, volumeTypeEncryptionNotFound } from '../../domain/volumes/errors.js';
import { encryptionCreate, encryptionUpdate } from './schemas/volumes.js';
import { cinderTime } from './views/volumes.js';

/** the encryption row as the index shows it (every column of Cinder's model, in its order) */
function encryptionView(e: TypeEncryptionRow): Record<string, unknown> {
  return {
    created_at: cinderTime(e.created_at),
    updated_at: cinderTime(e.updated_at),
    deleted_at: null,
    deleted: false,
    encryption_id: e.encryption_id,
    cipher: e.cipher,
    key_size: e.key_size,
    provider: e.provider,
    control_location: e.control_location,
    volume_type_id: e.volume_type_id,
  };
}

/** the "key_size" format (strutils.is_int_like), then int(): the body answers the number */
function keySizeOf(body: Record<string, unknown>): number | null | undefined {
  const k = body.key_size;
  if (k === undefined || k === null) return k;
  const text = typeof k === 'number' ? String(k) : typeof k === 'string' ? k : '';
  if (!/^-?(0|[1-9]\d*)$/.test(text)) throw invalidInput('key_size must be an integer.');
  const n = Number(text);
  body.key_size = n;
  return n;
}

function specOf(body: Record<string, unknown>): EncryptionSpec {
  const spec: EncryptionSpec = {};
  const keySize = keySizeOf(body);
  if (keySize !== undefined) spec.keySize = keySize;
  if (typeof body.provider === 'string') spec.provider = body.provider;
  if (body.cipher !== undefined) spec.cipher = body.cipher as string | null;
  if (typeof body.control_location === 'string') spec.controlLocation = body.control_location;
  return spec;
}

export function volumeTypeEncryptionRoutes(rt: Runtime): RouteDef[] {
  const svc = new TypeEncryptionService(rt);
  return [
    route({
      method: 'GET',
      url: '/types/:id/encryption',
      policy: 'volume_extension:volume_type_encryption:get',
      target: () => ({}),
      handler: async (request) => {
        const e = await svc.get(request.ctx, request.params.id);
        return e ? encryptionView(e) : {};
      },
    }),
    route({
      method: 'GET',
      url: '/types/:id/encryption/:key',
      policy: 'volume_extension:volume_type_encryption:get',
      target: () => ({}),
      handler: async (request) => {
        const { id, key } = request.params;
        const e = await svc.get(request.ctx, id);
        const view = e ? encryptionView(e) : {};
        if (!e || !Object.prototype.hasOwnProperty.call(view, key)) throw volumeTypeEncryptionNotFound(id);
        return { [key]: view[key] };
      },
    }),
    route({
      method: 'POST',
      url: '/types/:id/encryption',
      policy: 'volume_extension:volume_type_encryption:create',
      target: () => ({}),
      body: { '1': encryptionCreate },
      handler: async (request) => {
        const body = request.body.encryption;
        const spec = specOf(body);
        const row = await svc.create(request.ctx, request.params.id, {
          provider: spec.provider ?? '',
          cipher: spec.cipher ?? null,
          keySize: spec.keySize ?? null,
          controlLocation: spec.controlLocation ?? 'front-end',
        });
        // Cinder answers the body it was given, with the ids its create added to it
        return { encryption: { ...body, volume_type_id: row.volume_type_id, encryption_id: row.encryption_id } };
      },
    }),
    route({
      method: 'PUT',
      url: '/types/:id/encryption/:key',
      policy: 'volume_extension:volume_type_encryption:update',
      target: () => ({}),
      body: { '1': encryptionUpdate },
      handler: async (request) => {
        const body = request.body.encryption as Record<string, unknown>;
        await svc.update(request.ctx, request.params.id, specOf(body));
        return { encryption: body };
      },
    }),
    route({
      method: 'DELETE',
      url: '/types/:id/encryption/:key',
      policy: 'volume_extension:volume_type_encryption:delete',
      target: () => ({}),
      handler: async (request, reply: FastifyReply) => {
        await svc.delete(request.params.id);
        return reply.code(202).type('text/html; charset=UTF-8').send('');
      },
    }),
  ];
}
