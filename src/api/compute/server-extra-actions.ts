/**
 * The remaining server actions: forceDelete and restore (nova/api/openstack/compute/
 * deferred_delete.py), addSecurityGroup / removeSecurityGroup (security_groups.py
 * SecurityGroupActionController), pause / unpause (pause_server.py), suspend / resume
 * (suspend_server.py) and os-resetState (admin_actions.py). All answer 202 with an empty body.
 */
import type { Runtime } from '../../runtime.js';
import { authorize } from '../../policy/check.js';
import { InstanceService } from '../../services/compute/instance-service.js';
import { changeServerSecurityGroup } from '../../services/compute/server-security-groups.js';
import { checkLock } from '../../domain/instances/rules.js';
import { visibleServer } from './server-lookup.js';
import type { ActionHandler } from './server-actions.js';
import { validateAction } from './action-body.js';
import { computeRoot } from './versions.js';
import {
  addFloatingIpSchema,
  bareActionSchema,
  changePasswordSchema,
  rescueSchema,
  unshelveSchema,
  createImageSchema,
  createBackupSchema,
  triggerCrashDumpSchema,
  removeFloatingIpSchema,
  resetStateSchema,
  evacuateSchema,
  migrateLiveSchema,
  migrateSchema,
  resizeDecisionSchema,
  resizeSchema,
  securityGroupSchema,
} from './schemas/server-actions.js';
import { addServerFloatingIp, removeServerFloatingIp } from '../../services/network/l3-service.js';
import { notFound } from '../../domain/errors.js';
import { evacuateInstance, liveMigrateInstance, migrateInstance } from '../../services/compute/migration-service.js';
import { generatePassword } from '../../services/compute/instance-create.js';
import { evacuatePasswordOnSharedStorage, gone } from '../../domain/compute-errors.js';
import { isTrueString } from '../../lib/bool-from-string.js';
import { injectNetworkInfo, triggerCrashDump } from '../../services/compute/server-admin-actions.js';

export function extraServerActions(rt: Runtime): Record<string, ActionHandler> {
  const svc = new InstanceService(rt);
  const group =
    (action: 'addSecurityGroup' | 'removeSecurityGroup', op: 'add' | 'remove'): ActionHandler =>
    async (request, reply, id, body) => {
      validateAction(securityGroupSchema(action), body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, `os_compute_api:os-security-groups:${op}`, { project_id: row.project_id });
      checkLock(row, request.ctx);
      await changeServerSecurityGroup(rt, row.uuid, row.project_id, body[action].name, op);
      return reply.code(202).send();
    };
  // schema, then the server's 404, then the rule's 403 against the server's project, then the engine
  const hold =
    (
      action: 'pause' | 'unpause' | 'suspend' | 'resume' | 'shelve' | 'shelveOffload' | 'unrescue',
      rule: string,
    ): ActionHandler =>
    async (request, reply, id, body) => {
      validateAction(bareActionSchema(action), body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, rule, { project_id: row.project_id });
      await svc[action](request.ctx, row.uuid);
      return reply.code(202).send();
    };
  const decide =
    (action: 'confirmResize' | 'revertResize', rule: string): ActionHandler =>
    async (request, reply, id, body) => {
      validateAction(resizeDecisionSchema(action), body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, rule, { project_id: row.project_id });
      await svc[action](request.ctx, row.uuid);
      // servers.py: confirmResize answers 204, revertResize 202
      return reply.code(action === 'confirmResize' ? 204 : 202).send();
    };
  return {
    resize: async (request, reply, id, body) => {
      validateAction(resizeSchema, body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:servers:resize', { project_id: row.project_id });
      const r = body.resize;
      await svc.resize(
        request.ctx,
        row.uuid,
        String(r.flavorRef),
        r['OS-DCF:diskConfig'] as 'AUTO' | 'MANUAL' | undefined,
      );
      return reply.code(202).send();
    },
    // migrate_server.py _migrate: a cold migration, to the host named from 2.56
    migrate: async (request, reply, id, body) => {
      validateAction(migrateSchema(request.mv), body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-migrate-server:migrate', { project_id: row.project_id });
      const m = body.migrate as { host?: string | null } | null;
      const host = request.mv.atLeast('2.56') && m ? (m.host ?? null) : null;
      await migrateInstance(rt, request.ctx, row.uuid, host);
      return reply.code(202).send();
    },
    // migrate_server.py _migrate_live: block_migration 'auto' from 2.25 (disk_over_commit before),
    // force 2.30–2.67, the conductor's checks after the 202 from 2.34
    'os-migrateLive': async (request, reply, id, body) => {
      const mv = request.mv;
      validateAction(migrateLiveSchema(mv), body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-migrate-server:migrate_live', { project_id: row.project_id });
      const b = body['os-migrateLive'];
      const force = mv.atLeast('2.30') && !mv.atLeast('2.68') ? isTrueString(b.force ?? false) : false;
      await liveMigrateInstance(rt, request.ctx, row.uuid, {
        host: b.host,
        blockMigration: mv.atLeast('2.25') && b.block_migration === 'auto' ? null : isTrueString(b.block_migration),
        force,
        async: mv.atLeast('2.34'),
      });
      return reply.code(202).send();
    },
    // evacuate.py _evacuate: onSharedStorage below 2.14 (and the password it allows), force
    // 2.29–2.67; 200 with {adminPass} below 2.14, empty from 2.14
    evacuate: async (request, reply, id, body) => {
      const mv = request.mv;
      validateAction(evacuateSchema(mv), body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-evacuate', { project_id: row.project_id });
      const e = body.evacuate;
      const force = mv.atLeast('2.29') && !mv.atLeast('2.68') ? isTrueString(e.force ?? false) : false;
      let password: string | null;
      if (mv.atLeast('2.14')) password = e.adminPass ?? generatePassword();
      else {
        const shared = isTrueString(e.onSharedStorage);
        if (e.adminPass !== undefined && shared) throw evacuatePasswordOnSharedStorage();
        password = e.adminPass ?? (shared ? null : generatePassword());
      }
      await evacuateInstance(rt, request.ctx, row.uuid, { host: e.host ?? null, force });
      if (!mv.atLeast('2.14') && rt.config.compute.enableInstancePassword)
        return reply.code(200).send({ adminPass: password });
      return reply.code(200).send();
    },
    // servers.py _action_create_image: 202 with Location before 2.45, {"image_id"} from 2.45
    createImage: async (request, reply, id, body) => {
      validateAction(createImageSchema, body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:servers:create_image', { project_id: row.project_id });
      const c = body.createImage;
      const imageId = await svc.createImage(request.ctx, row.uuid, c.name, c.metadata ?? {});
      if (request.mv.atLeast('2.45')) return reply.code(202).send({ image_id: imageId });
      const project = request.ctx.projectId ?? row.project_id;
      return reply
        .code(202)
        .header('location', `${computeRoot(rt, request)}/v2.1/${project}/images/${imageId}`)
        .send();
    },
    // create_backup.py: 202 with {"image_id"} from 2.45; before, a Location header unless rotation is 0;
    // the metadata quota is checked up to 2.38 only
    createBackup: async (request, reply, id, body) => {
      validateAction(createBackupSchema, body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-create-backup', { project_id: row.project_id });
      const c = body.createBackup;
      const rotation = Number(c.rotation);
      const imageId = await svc.createBackup(
        request.ctx,
        row.uuid,
        c.name,
        c.metadata ?? {},
        { backupType: c.backup_type, rotation },
        !request.mv.atLeast('2.39'),
      );
      if (request.mv.atLeast('2.45')) return reply.code(202).send({ image_id: imageId });
      if (rotation === 0) return reply.code(202).send();
      const project = request.ctx.projectId ?? row.project_id;
      return reply
        .code(202)
        .header('location', `${computeRoot(rt, request)}/v2.1/${project}/images/${imageId}`)
        .send();
    },
    confirmResize: decide('confirmResize', 'os_compute_api:servers:confirm_resize'),
    revertResize: decide('revertResize', 'os_compute_api:servers:revert_resize'),
    pause: hold('pause', 'os_compute_api:os-pause-server:pause'),
    unpause: hold('unpause', 'os_compute_api:os-pause-server:unpause'),
    suspend: hold('suspend', 'os_compute_api:os-suspend-server:suspend'),
    resume: hold('resume', 'os_compute_api:os-suspend-server:resume'),
    shelve: hold('shelve', 'os_compute_api:os-shelve:shelve'),
    shelveOffload: hold('shelveOffload', 'os_compute_api:os-shelve:shelve_offload'),
    unshelve: async (request, reply, id, body) => {
      validateAction(unshelveSchema(request.mv), body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-shelve:unshelve', { project_id: row.project_id });
      // shelve.py: availability_zone from 2.77 (null unpins from 2.91), host from 2.91
      const u = body.unshelve;
      const az = request.mv.atLeast('2.77') && u && 'availability_zone' in u ? u.availability_zone : undefined;
      const host = request.mv.atLeast('2.91') && u ? u.host : undefined;
      await svc.unshelve(request.ctx, row.uuid, {
        availabilityZone: az,
        host,
        mayTargetHost: () =>
          authorize(request.ctx, 'os_compute_api:os-shelve:unshelve_to_host', { project_id: row.project_id }),
      });
      return reply.code(202).send();
    },
    // rescue.py: 200 with the password (unless [api] enable_instance_password is off); 2.87 lets a
    // volume-backed server be rescued where the image and the host allow it
    rescue: async (request, reply, id, body) => {
      validateAction(rescueSchema, body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-rescue', { project_id: row.project_id });
      const r = body.rescue ?? {};
      const { password } = await svc.rescue(request.ctx, row.uuid, {
        password: r.adminPass,
        rescueImageRef: r.rescue_image_ref,
        allowBfvRescue: request.mv.atLeast('2.87'),
      });
      return reply.code(200).send(rt.config.compute.enableInstancePassword ? { adminPass: password } : {});
    },
    unrescue: hold('unrescue', 'os_compute_api:os-unrescue'),
    changePassword: async (request, reply, id, body) => {
      validateAction(changePasswordSchema, body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-admin-password', { project_id: row.project_id });
      await svc.changePassword(request.ctx, row.uuid, body.changePassword.adminPass);
      return reply.code(202).send();
    },
    'os-resetState': async (request, reply, id, body) => {
      validateAction(resetStateSchema, body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-admin-actions:reset_state', { project_id: row.project_id });
      await svc.resetState(request.ctx, row.uuid, body['os-resetState'].state);
      return reply.code(202).send();
    },
    // admin_actions.py: resetNetwork was removed (nova-network); 410 before any lookup or policy
    resetNetwork: async () => {
      throw gone();
    },
    injectNetworkInfo: async (request, reply, id) => {
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-admin-actions:inject_network_info', { project_id: row.project_id });
      await injectNetworkInfo(rt, request.ctx, row.uuid);
      return reply.code(202).send();
    },
    // servers.py _action_trigger_crash_dump: 2.17+ (below, the version-gated action's 404)
    trigger_crash_dump: async (request, reply, id, body) => {
      if (!request.mv.atLeast('2.17')) throw notFound();
      validateAction(triggerCrashDumpSchema, body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:servers:trigger_crash_dump', { project_id: row.project_id });
      await triggerCrashDump(rt, request.ctx, row.uuid);
      return reply.code(202).send();
    },
    forceDelete: async (request, reply, id) => {
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-deferred-delete:force', { project_id: row.project_id });
      await svc.forceDelete(request.ctx, id);
      return reply.code(202).send();
    },
    restore: async (request, reply, id) => {
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-deferred-delete:restore', { project_id: row.project_id });
      await svc.restore(request.ctx, id);
      return reply.code(202).send();
    },
    // floating_ips.py FloatingIPActionController: 2.1–2.43 only, a 404 from 2.44
    addFloatingIp: async (request, reply, id, body) => {
      if (request.mv.atLeast('2.44')) throw notFound();
      validateAction(addFloatingIpSchema, body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-floating-ips:add', { project_id: row.project_id });
      const b = body.addFloatingIp;
      await addServerFloatingIp(rt, request.ctx, row.uuid, b.address, b.fixed_address);
      return reply.code(202).send();
    },
    removeFloatingIp: async (request, reply, id, body) => {
      if (request.mv.atLeast('2.44')) throw notFound();
      validateAction(removeFloatingIpSchema, body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:os-floating-ips:remove', { project_id: row.project_id });
      await removeServerFloatingIp(rt, request.ctx, row.uuid, body.removeFloatingIp.address);
      return reply.code(202).send();
    },
    addSecurityGroup: group('addSecurityGroup', 'add'),
    removeSecurityGroup: group('removeSecurityGroup', 'remove'),
  };
}
