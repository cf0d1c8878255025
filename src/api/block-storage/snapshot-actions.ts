/**
 * POST /snapshots/{id}/action: the snapshot actions Cinder serves (contrib/admin_actions.py
 * SnapshotAdminController os-reset_status and os-force_delete, contrib/snapshot_actions.py
 * os-update_snapshot_status). Like the volume actions: the action's name, then its schema, then
 * the snapshot (404), then its rule.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef, SchemaError } from '../../http/route-table.js';
import { compileSchema } from '../../http/validation.js';
import { authorize } from '../../policy/check.js';
import { SnapshotService, type SnapshotRow } from '../../services/block-storage/snapshot-service.js';
import { noSuchAction, SNAPSHOT_STATUSES, snapshotResetStatusInvalid } from '../../domain/volumes/errors.js';
import { checkProgress } from '../../domain/volumes/snapshot-rules.js';

interface SnapshotAction {
  schema: Record<string, unknown>;
  rule: string;
  /** what the action checks before the snapshot is looked up (Cinder's format checkers) */
  precheck?: (body: Record<string, unknown>) => void;
  run(svc: SnapshotService, request: FastifyRequest, s: SnapshotRow, body: Record<string, unknown>): Promise<void>;
  /** Cinder's content type of the empty 202 */
  contentType: string;
}

const actionBody = (name: string, properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  properties: {
    [name]: { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false },
  },
  required: [name],
  additionalProperties: false,
});

const ACTIONS: Record<string, SnapshotAction> = {
  'os-reset_status': {
    schema: actionBody('os-reset_status', { status: { type: 'string' } }, ['status']),
    rule: 'volume_extension:snapshot_admin_actions:reset_status',
    precheck: (body) => {
      // the 'snapshot_status' format: one of SnapshotStatus.ALL, in any case
      const { status } = body['os-reset_status'] as { status: string };
      if (!(SNAPSHOT_STATUSES as readonly string[]).includes(status.toLowerCase()))
        throw snapshotResetStatusInvalid(status);
    },
    run: async (svc, request, s, body) => {
      const { status } = body['os-reset_status'] as { status: string };
      await svc.resetStatus(request.ctx, s.id, status.toLowerCase());
    },
    contentType: 'application/json',
  },
  'os-force_delete': {
    schema: { type: 'object', properties: { 'os-force_delete': {} }, required: ['os-force_delete'] },
    rule: 'volume_extension:snapshot_admin_actions:force_delete',
    run: (svc, request, s) => svc.forceDelete(request.ctx, s.id),
    contentType: 'application/json',
  },
  'os-update_snapshot_status': {
    schema: actionBody('os-update_snapshot_status', { status: { type: 'string' }, progress: {} }, ['status']),
    rule: 'snapshot_extension:snapshot_actions:update_snapshot_status',
    precheck: (body) => checkProgress((body['os-update_snapshot_status'] as { progress?: unknown }).progress),
    run: async (svc, request, s, body) => {
      const b = body['os-update_snapshot_status'] as { status: string; progress?: string | null };
      await svc.updateStatus(request.ctx, s.id, b.status, b.progress ?? null);
    },
    contentType: 'text/html; charset=UTF-8',
  },
};

export function snapshotActionRoutes(rt: Runtime): RouteDef[] {
  const svc = new SnapshotService(rt);
  return [
    route({
      method: 'POST',
      url: '/snapshots/:id/action',
      policy: 'volume:get_snapshot',
      handler: async (request, reply: FastifyReply) => {
        const body = request.body;
        const name =
          typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body)[0] : undefined;
        const action = name === undefined ? undefined : ACTIONS[name];
        if (!action) throw noSuchAction(name ?? 'None');
        const violation = compileSchema(action.schema).check(body);
        if (violation) throw new SchemaError('body', violation);
        action.precheck?.(body as Record<string, unknown>);
        const s = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, action.rule, { project_id: s.project_id });
        await action.run(svc, request, s, body as Record<string, unknown>);
        return reply.code(202).type(action.contentType).send('');
      },
    }),
  ];
}
