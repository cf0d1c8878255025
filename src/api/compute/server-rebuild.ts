/**
 * POST /servers/{id}/action {"rebuild": …} (nova/api/openstack/compute/servers.py _action_rebuild,
 * schemas/servers.py base_rebuild and its 2.19/2.54/2.57/2.90 variants). 202 with the server:
 * below 2.75 the basic view PUT answers with (plus key_name from 2.54 and user_data from 2.57),
 * from 2.75 the full show view; adminPass always (enable_instance_password).
 */
import { first } from '../../lib/arrays.js';
import { randomBytes } from 'node:crypto';
import type { Runtime } from '../../runtime.js';
import { allowed, authorize } from '../../policy/check.js';
import { addressesFor, tagsFor, type ServerRow } from '../../services/compute/server-reads.js';
import { rebuildImage, rebuildKey } from '../../services/compute/rebuild-inputs.js';
import { InstanceService } from '../../services/compute/instance-service.js';
import { computeRoot } from './versions.js';
import { serverBasic } from './views/servers.js';
import { canonicalIpv6, renderDetails } from './servers.js';
import { visibleServer } from './server-lookup.js';
import type { ActionHandler } from './server-actions.js';
import { validateAction } from './action-body.js';
import { rebuildSchema } from './schemas/server-actions.js';

const SCHEMAS = [94, 90, 57, 54, 19, 1].map((m) => ({ mv: `2.${m}`, schema: rebuildSchema(m) }));

const PASSWORD_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const generatePassword = (len = 12) =>
  [...randomBytes(len)].map((b) => PASSWORD_CHARS[b % PASSWORD_CHARS.length]).join('');

export function rebuildAction(rt: Runtime): Record<string, ActionHandler> {
  const svc = new InstanceService(rt);
  return {
    rebuild: async (request, reply, id, body) => {
      const schema = SCHEMAS.find((s) => request.mv.atLeast(s.mv))?.schema ?? rebuildSchema(1);
      validateAction(schema, body);
      const row = await visibleServer(rt, request, id);
      authorize(request.ctx, 'os_compute_api:servers:rebuild', { project_id: row.project_id });
      const r = body.rebuild;
      const imageRef = r.imageRef;
      const { imageId, root } = await rebuildImage(
        rt,
        request.ctx,
        row,
        imageRef,
        allowed(request.ctx, 'os_compute_api:servers:create:zero_disk_flavor'),
        request.mv.atLeast('2.93'),
      );
      // a volume-backed server keeps no image of its own: its root volume is reimaged instead (2.93)
      const patch: Partial<ServerRow> = root.volumeBacked ? {} : { image_ref: imageId };
      if (r.name !== undefined) patch.display_name = r.name;
      if (r.metadata !== undefined) patch.metadata = JSON.stringify(r.metadata);
      if (r.accessIPv4 !== undefined) patch.access_ip_v4 = r.accessIPv4;
      if (r.accessIPv6 !== undefined) patch.access_ip_v6 = canonicalIpv6(r.accessIPv6);
      if (r.description !== undefined) patch.display_description = r.description;
      if (r['OS-DCF:diskConfig'] !== undefined) patch.disk_config = r['OS-DCF:diskConfig'];
      if (r.hostname !== undefined) patch.hostname = r.hostname;
      if (r.user_data !== undefined) patch.user_data = r.user_data;
      if (r.key_name !== undefined) {
        // compute/api.py rebuild: the key must belong to the caller (KeypairNotFound → 400); null removes it
        if (r.key_name === null) Object.assign(patch, { key_name: null, key_data: null });
        else Object.assign(patch, await rebuildKey(rt, request.ctx.userId, r.key_name));
      }
      await svc.rebuild(request.ctx, id, patch, root.reimage);
      const fresh = await visibleServer(rt, request, id);
      let server: Record<string, unknown>;
      if (request.mv.atLeast('2.75')) {
        server = first(await renderDetails(rt, request, [fresh], true));
        // servers.py _rebuild: the full view, but built with show_user_data=False (user_data comes
        // back as the plain 2.57 field below, never as OS-EXT-SRV-ATTR:user_data)
        delete server['OS-EXT-SRV-ATTR:user_data'];
      } else {
        const [tags, addrs] = await Promise.all([tagsFor(rt, [fresh.uuid]), addressesFor(rt, [fresh.uuid])]);
        server = serverBasic(
          fresh,
          { tags: tags.get(fresh.uuid) ?? [], addresses: addrs.get(fresh.uuid) ?? [] },
          { root: computeRoot(rt, request), mv: request.mv, isAdmin: request.ctx.isAdmin, withServerGroups: true },
        );
        if (request.mv.atLeast('2.54')) server.key_name = fresh.key_name;
      }
      // servers.py _action_rebuild adds user_data from 2.57 to either view, and answers with the
      // server's self link as Location (_add_location)
      if (request.mv.atLeast('2.57')) server.user_data = fresh.user_data;
      server.adminPass = typeof r.adminPass === 'string' ? r.adminPass : generatePassword();
      const self = (server.links as Array<{ rel: string; href: string }> | undefined)?.find((l) => l.rel === 'self');
      if (self) reply.header('location', self.href);
      return reply.code(202).send({ server });
    },
  };
}
