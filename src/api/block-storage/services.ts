/**
 * Cinder's os-services (cinder/api/v3/services.py with os-extended-services loaded): the list,
 * and the updates enable, disable, disable-log-reason, freeze and thaw. The rest of Cinder's
 * updates (failover_host, set-log, get-log) are not served.
 */
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, SchemaError, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { compileSchema } from '../../http/validation.js';
import { VolumeHostService, VOLUME_BINARY } from '../../services/block-storage/volume-host-service.js';
import { hostFieldMissing, invalidInput } from '../../domain/volumes/errors.js';
import { notFound } from '../../domain/errors.js';
import { cinderTime } from './views/volumes.js';
import { disableLogReason, enableAndDisable, freezeAndThaw } from './schemas/services.js';

const last = (q: RawQuery, key: string): string | undefined => {
  const v = q[key];
  return Array.isArray(v) ? v[v.length - 1] : v;
};

interface UpdateBody {
  host?: string | null;
  binary?: string;
  service?: string;
  disabled_reason?: string;
}

/** common.get_cluster_host(..., False): the host is required */
function hostOf(body: UpdateBody): string {
  if (!body.host) throw hostFieldMissing();
  return body.host;
}

function check(schema: Record<string, unknown>, body: unknown): UpdateBody {
  const violation = compileSchema(schema).check(body);
  if (violation) throw new SchemaError('body', violation);
  return body as UpdateBody;
}

export function serviceRoutes(rt: Runtime): RouteDef[] {
  const svc = new VolumeHostService(rt);

  /** the body enable/disable answer: the request's own service/binary keys ('' when absent) */
  const toggled = async (body: UpdateBody, disabled: boolean, reason?: string) => {
    const host = hostOf(body);
    const service = body.service ?? '';
    const binary = body.binary ?? '';
    // the deprecated "service" key names the binary when "binary" is absent
    await svc.setDisabled(host, binary || service, disabled, reason);
    const out: Record<string, unknown> = {
      host,
      service,
      binary,
      status: disabled ? 'disabled' : 'enabled',
      disabled,
    };
    if (reason !== undefined) out.disabled_reason = reason;
    return out;
  };

  return [
    route({
      method: 'GET',
      url: '/os-services',
      policy: 'volume_extension:services:index',
      target: () => ({}),
      handler: async (request) => {
        const host = last(request.query, 'host');
        const binary = last(request.query, 'binary');
        const mv = request.mv;
        const services = await svc.list({
          ...(host !== undefined ? { host } : {}),
          ...(binary !== undefined ? { binary } : {}),
        });
        return {
          services: services.map((s) => {
            const out: Record<string, unknown> = {
              binary: s.binary,
              host: s.host,
              zone: s.zone,
              status: s.disabled ? 'disabled' : 'enabled',
              state: 'up',
              updated_at: cinderTime(s.updatedAt),
            };
            if (mv.atLeast('3.49') && s.binary === VOLUME_BINARY) out.backend_state = 'up';
            if (mv.atLeast('3.7')) out.cluster = null;
            out.disabled_reason = s.disabledReason;
            if (s.binary === VOLUME_BINARY) {
              out.replication_status = 'disabled';
              out.active_backend_id = null;
              out.frozen = s.frozen;
            }
            return out;
          }),
        };
      },
    }),
    route({
      method: 'PUT',
      url: '/os-services/:action',
      policy: 'volume_extension:services:update',
      target: () => ({}),
      handler: async (request, reply: FastifyReply) => {
        const body = request.body;
        switch (request.params.action) {
          case 'enable':
            return toggled(check(enableAndDisable, body), false);
          case 'disable':
            return toggled(check(enableAndDisable, body), true);
          case 'disable-log-reason': {
            const b = check(disableLogReason, body);
            return toggled(b, true, b.disabled_reason);
          }
          case 'freeze':
          case 'thaw': {
            const b = check(freezeAndThaw, body);
            await svc.setFrozen(hostOf(b), request.params.action === 'freeze');
            // Cinder answers these with 200, a JSON content type and no body
            return reply.code(200).type('application/json').send('');
          }
          case 'set-log':
          case 'get-log':
          case 'failover_host':
          case 'failover':
            // Cinder's other actions, which stackbox does not serve
            throw notFound();
          default:
            // services.py update: an action Cinder does not know either
            throw invalidInput('Unknown action');
        }
      },
    }),
  ];
}
